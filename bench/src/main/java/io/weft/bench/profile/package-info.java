/** Reading JFR recordings of the sidecars under load into the tables of the results' profile section. */
@NonNullByDefault
package io.weft.bench.profile;

import io.weft.common.annotation.NonNullByDefault;
