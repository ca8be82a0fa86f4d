/**
 * Settings: one typed {@link io.lightvibes.service.config.Settings} record read once at start-up
 * from {@code LIGHTVIBES_*} environment variables, a {@code .env} file and defaults. Every
 * setting is declared once in {@link io.lightvibes.service.config.SettingsSchema} with its default
 * and meaning; {@code .env.example} is generated from there and a test keeps the two equal.
 */
package io.lightvibes.service.config;
