package io.github.promasync.vertx.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Records what one JUL logger publishes until closed. Vert.x (and so this library, which logs
 * through Vert.x) logs through JUL unless the application picks another backend; the test
 * classpath has none.
 */
public class CapturedLog extends Handler implements AutoCloseable {

  // Held strongly: JUL keeps loggers weakly, and a collected logger would lose this handler.
  private final Logger logger;
  private final Level previousLevel;
  private final boolean previousUseParentHandlers;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final CountDownLatch first = new CountDownLatch(1);

  /**
   * Starts recording.
   *
   * @param loggerName the logger to listen to, with everything it logs enabled
   * @param silence whether to keep its records out of the build output (expected errors)
   */
  public CapturedLog(String loggerName, boolean silence) {
    logger = Logger.getLogger(loggerName);
    previousLevel = logger.getLevel();
    previousUseParentHandlers = logger.getUseParentHandlers();
    logger.setLevel(Level.ALL);
    if (silence) {
      logger.setUseParentHandlers(false);
    }
    logger.addHandler(this);
  }

  /**
   * Everything recorded so far.
   *
   * @return the records, oldest first
   */
  public List<LogRecord> records() {
    return records;
  }

  /**
   * The records at {@code level} or above.
   *
   * @param level the lowest level to keep
   * @return the records, oldest first
   */
  public List<LogRecord> atLeast(Level level) {
    return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
        .collect(Collectors.toList());
  }

  /**
   * Waits up to ten seconds for the first record.
   *
   * @return whether it came
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitFirstRecord() throws InterruptedException {
    return first.await(10, TimeUnit.SECONDS);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
    first.countDown();
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
    logger.setUseParentHandlers(previousUseParentHandlers);
  }
}
