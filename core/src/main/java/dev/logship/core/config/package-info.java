/** Configuration helpers shared by every surface: human units and problem collection. */
package dev.logship.core.config;
