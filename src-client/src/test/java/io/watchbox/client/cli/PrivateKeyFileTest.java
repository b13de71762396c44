package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.Keytool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyFileTest {

    private static final String PASSWORD = "test-only";

    @TempDir
    Path dir;

    private Path keyStore(String name, String... aliases) throws Exception {
        Path store = dir.resolve(name);
        for (String alias : aliases) {
            Keytool.run("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                    "-dname", "CN=" + alias, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
        }
        return store;
    }

    @Test
    void theOneKeyOfAPkcs12KeyStoreAndTheSameKeyAsPkcs8PemAreRead() throws Exception {
        RSAPrivateKey fromStore = PrivateKeyFile.read(keyStore("jwt.p12", "jwt"), PASSWORD.toCharArray());
        Path pem = Files.writeString(dir.resolve("jwt.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(fromStore.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertEquals(fromStore, PrivateKeyFile.read(pem, null));
    }

    @Test
    void aKeyStoreWithSeveralKeysIsRefusedRatherThanGuessed() throws Exception {
        Path two = keyStore("two.p12", "one", "two");

        KeyStoreException refused = assertThrows(KeyStoreException.class, () -> PrivateKeyFile.read(two, PASSWORD.toCharArray()));
        assertTrue(refused.getMessage().contains("2 private keys"), refused::getMessage);
    }

    @Test
    void aWrongPasswordIsAnError() throws Exception {
        Path store = keyStore("jwt.p12", "jwt");

        assertThrows(IOException.class, () -> PrivateKeyFile.read(store, "wrong".toCharArray()));
    }

    @Test
    void aPkcs1PemKeyIsRefusedWithTheCommandThatConvertsIt() throws IOException {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        GeneralSecurityException refused = assertThrows(InvalidKeySpecException.class, () -> PrivateKeyFile.read(pkcs1, null));
        assertTrue(refused.getMessage().contains("openssl pkcs8 -topk8"), refused::getMessage);
    }
}
