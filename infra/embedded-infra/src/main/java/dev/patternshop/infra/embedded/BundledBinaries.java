package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks server binaries that Maven Central ships inside jars (Postgres, Redis) into a shared cache,
 * once per version: the folder name carries a hash of the jar's address, and a folder appears
 * only complete (unpacked aside, then moved), so parallel JVMs never see half a tree.
 */
public final class BundledBinaries {

    private static final Set<PosixFilePermission> WORLD_READABLE_EXECUTABLE =
            PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path cacheRoot;

    public BundledBinaries(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** The default cache: readable by an unprivileged server user, shared by every JVM on the machine. */
    public static BundledBinaries inTempDir() {
        return new BundledBinaries(Path.of(System.getProperty("java.io.tmpdir"), "patternshop-binaries"));
    }

    /** Unpacks a {@code .txz} resource into a folder and returns it. */
    public Path unpackTarXz(String resource, String name) {
        URL url = locate(resource);
        Path target = cacheRoot.resolve(name + "-" + FileTrees.shortHash(url.toString()));
        if (Files.isDirectory(target)) {
            return target;
        }
        return publish(target, staging -> {
            try (InputStream in = url.openStream();
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("archive entry escapes its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                    }
                }
            }
        });
    }

    /** Copies a single executable resource into a folder and returns the executable's path. */
    public Path copyExecutable(String resource, String name) {
        URL url = locate(resource);
        Path folder = cacheRoot.resolve(name + "-" + FileTrees.shortHash(url.toString()));
        String fileName = Path.of(resource).getFileName().toString();
        if (!Files.isDirectory(folder)) {
            publish(folder, staging -> {
                try (InputStream in = url.openStream()) {
                    Path out = staging.resolve(fileName);
                    Files.copy(in, out);
                    Files.setPosixFilePermissions(out, WORLD_READABLE_EXECUTABLE);
                }
            });
        }
        return folder.resolve(fileName);
    }

    private Path publish(Path target, FileTrees.Filler unpacker) {
        try {
            Files.createDirectories(cacheRoot);
            Files.setPosixFilePermissions(cacheRoot, WORLD_READABLE_EXECUTABLE);
            return FileTrees.publish(target, staging -> {
                Files.setPosixFilePermissions(staging, WORLD_READABLE_EXECUTABLE);
                unpacker.fillInto(staging);
            });
        } catch (IOException e) {
            throw new InfrastructureException("could not unpack binaries into " + target + ": " + e.getMessage(), e);
        }
    }

    private static URL locate(String resource) {
        URL url = BundledBinaries.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new InfrastructureException("resource " + resource + " is not on the classpath: is the binaries jar "
                    + "for this platform (linux x86_64) a dependency?");
        }
        return url;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OWNER_WRITE);
        if ((mode & 0111) != 0) {
            result.addAll(EnumSet.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return result;
    }
}
