package io.github.promasync.vertx.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 client connection written by hand on a plain socket, on the test thread: it sends
 * exactly the bytes a test gives (pipelined requests, bodies cut off mid-way) and reads responses
 * one by one. Reads time out after 30 seconds.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(30_000);
    this.in = socket.getInputStream();
  }

  static RawConnection open(int port) {
    return open(null, port);
  }

  /**
   * Connects from {@code localPort} of 127.0.0.1 (bound with {@code SO_REUSEADDR}, so that two
   * connections to two servers can share it), or from any port when it is {@code null}.
   */
  static RawConnection open(Integer localPort, int port) {
    try {
      Socket socket = new Socket();
      if (localPort != null) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(MetricsTesting.HOST, localPort));
      }
      socket.connect(new InetSocketAddress(MetricsTesting.HOST, port), 30_000);
      return new RawConnection(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int localPort() {
    return socket.getLocalPort();
  }

  RawConnection send(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response (its head, and a body of its Content-Length); returns its status. */
  int readResponse() {
    try {
      String head = readHead();
      int status = Integer.parseInt(head.substring(9, 12));
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (in.readNBytes(length).length != length) {
        throw new IOException("connection closed in a response body");
      }
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a response head, up to its empty line. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed; read so far: " + head);
      }
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)
          ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET without a body. */
  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  /** The head of a POST announcing {@code length} body bytes. */
  static String post(String path, int length) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length
        + "\r\n\r\n";
  }
}
