/** Reading JFR recordings of the sidecars under load into the tables of the results' profile section. */
package io.weft.bench.profile;
