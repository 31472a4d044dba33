/**
 * vmodem's modems in JUnit 5 tests: {@link io.vmodem.api.junit.ModemExtension}.
 *
 * <p>JUnit is not a dependency of the library: a test suite that uses the extension has JUnit
 * Jupiter already.
 */
package io.vmodem.api.junit;
