/**
 * The {@code lightvibes} command (picocli): {@code serve}, {@code keygen}, {@code unseal},
 * {@code demo}, {@code simulate}, {@code evidence verify}, {@code driver check}, {@code config example},
 * {@code openapi}, {@code peers}. Exit codes: 0 done, 1 the operation failed, 2 usage (a bad flag, setting or key file).
 */
package io.lightvibes.service.cli;
