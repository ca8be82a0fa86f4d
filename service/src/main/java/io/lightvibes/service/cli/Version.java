package io.lightvibes.service.cli;

import picocli.CommandLine;

/** {@code lightvibes --version}: the build's version from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = LightvibesCommand.class.getPackage().getImplementationVersion();
        return new String[] {"lightvibes " + (version == null ? "(development build)" : version)};
    }
}
