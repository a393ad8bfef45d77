package dev.patternshop.infra.embedded;

/** The superuser every local cluster is created with. Local demo credentials, never used beyond loopback. */
public record PostgresCredentials(String username, String password) {

    public static final PostgresCredentials LOCAL = new PostgresCredentials("patternshop", "patternshop");
}
