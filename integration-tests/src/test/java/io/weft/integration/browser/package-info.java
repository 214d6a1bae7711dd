/**
 * A real browser for tests: {@link io.weft.integration.browser.HeadlessChromium} starts Debian's
 * {@code chromedriver} on a free port and drives a headless {@code chromium} through the W3C WebDriver
 * HTTP API with the JDK's HTTP client (no Selenium, nothing downloaded).
 */
package io.weft.integration.browser;
