package io.github.promasync.vertx.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's
 * {@code keytool} and written as PEM files. (Vert.x's {@code SelfSignedCertificate} is deprecated
 * for removal in 5.1.)
 *
 * @param certPath the PEM certificate
 * @param keyPath the PEM (PKCS#8) private key
 */
public record TestCertificate(String certPath, String keyPath) {

  private static final String PASSWORD = "changeit";

  /**
   * Makes a certificate in {@code dir}.
   *
   * @param dir a directory the test owns
   * @return the certificate's files
   * @throws IOException if keytool fails
   * @throws InterruptedException if interrupted while keytool runs
   */
  public static TestCertificate create(Path dir) throws IOException, InterruptedException {
    Path keystore = dir.resolve("test.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair",
        "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile())
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    }
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      Key key = store.getKey("test", PASSWORD.toCharArray());
      Certificate certificate = store.getCertificate("test");
      Path certPath = dir.resolve("cert.pem");
      Path keyPath = dir.resolve("key.pem");
      Files.writeString(certPath, pem("CERTIFICATE", certificate.getEncoded()),
          StandardCharsets.US_ASCII);
      Files.writeString(keyPath, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
      return new TestCertificate(certPath.toString(), keyPath.toString());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool wrote", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
