package dev.patternshop.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The gateway's RSA signing key, kept in one JWK file so that tokens survive a restart and several gateway
 * instances (sharing the file, e.g. a volume) sign with the same key. Generated on first start when the file
 * does not exist; readable by its owner only. To configure a key instead, put a private RSA JWK there.
 */
public final class SigningKeyStore {

    private static final int KEY_BITS = 2048;

    private SigningKeyStore() {}

    public static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return load(file);
            }
            RSAKey key = new RSAKeyGenerator(KEY_BITS)
                    .keyID(LocalDate.now() + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            write(file, key);
            return key;
        } catch (FileAlreadyExistsException raced) {
            // Another instance created it between our check and our move: use theirs.
            return load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the signing key in " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }

    private static RSAKey load(Path file) {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate()) {
                throw new IllegalStateException(
                        file + " holds a public key; the gateway needs the private key to sign");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an RSA JWK", e);
        }
    }

    /** Written to a private temp file, then moved into place: readers never see half a key. */
    private static void write(Path file, RSAKey key) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".signing-key", ".tmp");
        try {
            restrictToOwner(temp);
            Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits its directory's ACL.
        }
    }
}
