package dev.patternshop.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system user a server runs as. PostgreSQL refuses to run as root, and our machines and CI
 * run as root: there we create an unprivileged system user once and drop to it with {@code setpriv}
 * (which execs, so the process we hold is the server itself). An ordinary user runs everything directly.
 */
public final class ServerUser {

    public static final String DEFAULT_NAME = "patternshop";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final boolean dropsPrivileges;

    private ServerUser(String name, boolean dropsPrivileges) {
        this.name = name;
        this.dropsPrivileges = dropsPrivileges;
    }

    /** The current user, or (when that is root) the unprivileged {@value #DEFAULT_NAME} user, created if missing. */
    public static ServerUser unprivileged() {
        if (!isRoot()) {
            return new ServerUser(System.getProperty("user.name"), false);
        }
        String name = System.getenv().getOrDefault("PATTERNSHOP_SERVER_USER", DEFAULT_NAME);
        ensureExists(name);
        return new ServerUser(name, true);
    }

    public List<String> command(List<String> command) {
        if (!dropsPrivileges) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes a folder and everything in it belong to this user; only for folders no running server uses. */
    public void own(Path folder) {
        chown(folder, true);
    }

    /** Makes one file or folder (not its contents) belong to this user, so the server can write there. */
    public void ownOnly(Path path) {
        chown(path, false);
    }

    private void chown(Path path, boolean recursive) {
        if (dropsPrivileges) {
            List<String> command = recursive
                    ? List.of("chown", "-R", name + ":", path.toString())
                    : List.of("chown", name + ":", path.toString());
            ManagedProcess.run("chown " + path, command, Path.of("/"), COMMAND_TIMEOUT);
        }
    }

    /**
     * Whether this user can reach a path: every parent folder must be searchable by it. A checkout under
     * /root is not, for example; callers then keep server data elsewhere.
     */
    public boolean canReach(Path path) {
        if (!dropsPrivileges) {
            return true;
        }
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The folder itself when this user can reach it; otherwise (a checkout under /root, say) a folder under
     * /var/tmp that it can, linked from the original path so that the data still appears where expected.
     */
    public Path reachable(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (canReach(absolute)) {
            return absolute;
        }
        if (Files.isSymbolicLink(absolute)) {
            try {
                return Files.readSymbolicLink(absolute);
            } catch (java.io.IOException e) {
                throw new InfrastructureException("cannot read the link " + absolute + ": " + e.getMessage(), e);
            }
        }
        Path elsewhere = Path.of(
                "/var/tmp",
                "patternshop-" + Integer.toHexString(absolute.toString().hashCode()),
                absolute.getFileName().toString());
        try {
            Files.createDirectories(elsewhere);
            for (Path p = elsewhere; p != null && !p.equals(Path.of("/var/tmp")); p = p.getParent()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.createDirectories(absolute.getParent());
            if (!Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(absolute, elsewhere);
            }
            return elsewhere;
        } catch (java.io.IOException e) {
            throw new InfrastructureException(
                    "user '" + name + "' cannot reach " + absolute
                            + " (a parent folder is not searchable by others), and " + elsewhere
                            + " could not be used: "
                            + e.getMessage(),
                    e);
        }
    }

    public String name() {
        return name;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureExists(String name) {
        try {
            ManagedProcess.run("id " + name, List.of("id", "-u", name), Path.of("/"), COMMAND_TIMEOUT);
        } catch (InfrastructureException missing) {
            try {
                ManagedProcess.run(
                        "useradd " + name,
                        List.of(
                                "useradd",
                                "--system",
                                "--user-group",
                                "--no-create-home",
                                "--shell",
                                "/usr/sbin/nologin",
                                name),
                        Path.of("/"),
                        COMMAND_TIMEOUT);
            } catch (InfrastructureException e) {
                // Two JVMs may race to create the user: only a user that still does not exist is a failure.
                ManagedProcess.run("id " + name, List.of("id", "-u", name), Path.of("/"), COMMAND_TIMEOUT);
            }
        }
    }
}
