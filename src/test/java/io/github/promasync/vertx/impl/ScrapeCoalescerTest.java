package io.github.promasync.vertx.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer alone, with an encoder the test holds per {@code Accept}: which scrapes share an
 * answer, which start a collection, and the cap.
 */
class ScrapeCoalescerTest {

  private static final String TEXT = "text/plain";
  private static final String OPENMETRICS = "application/openmetrics-text";

  private final AtomicInteger encodings = new AtomicInteger();
  // Encodings of an Accept listed here wait until its latch is opened.
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
  private final ScrapeCoalescer coalescer =
      new ScrapeCoalescer(2, 2, new ThrottledLog(System.getLogger(getClass().getName())));

  ScrapeCoalescerTest() {
    coalescer.encoder(exchange -> {
      String accept = exchange.headerValues("Accept").get(0);
      // The hold is read before the test hears of the entry, so that a later hold() cannot
      // change which latch this encoding waits on.
      CountDownLatch hold = holds.get(accept);
      entered.computeIfAbsent(accept, a -> new CountDownLatch(1)).countDown();
      if (hold != null) {
        hold.await(10, TimeUnit.SECONDS);
      }
      exchange.reject(200, accept + " encoding " + encodings.incrementAndGet());
    }, false);
  }

  @AfterEach
  void tearDown() {
    holds.values().forEach(CountDownLatch::countDown);
    coalescer.close();
  }

  private static VertxPrometheusHttpExchange scrape(String query, String accept) {
    return VertxPrometheusHttpExchange.of("GET", "/metrics", query,
        MultiMap.caseInsensitiveMultiMap().add("Accept", accept));
  }

  /** Makes the next encodings for {@code accept} wait on the latch returned. */
  private CountDownLatch hold(String accept) {
    CountDownLatch latch = new CountDownLatch(1);
    holds.put(accept, latch);
    entered.put(accept, new CountDownLatch(1));
    return latch;
  }

  private boolean awaitEntered(String accept) throws InterruptedException {
    return entered.get(accept).await(10, TimeUnit.SECONDS);
  }

  private static String body(CompletableFuture<VertxPrometheusHttpExchange> answer)
      throws Exception {
    return answer.get(10, TimeUnit.SECONDS).body().toString();
  }

  @Test
  void aScrapeWhoseAnswerIsAlreadyOutStartsANewCollectionWhileTheOldOneStillEncodes()
      throws Exception {
    CountDownLatch firstText = hold(TEXT);
    CountDownLatch openMetrics = hold(OPENMETRICS);
    CompletableFuture<VertxPrometheusHttpExchange> first = coalescer.join(scrape(null, TEXT));
    assertThat(awaitEntered(TEXT)).isTrue();
    // Joins while the collection encodes its text answer: its own answer comes next.
    CompletableFuture<VertxPrometheusHttpExchange> other =
        coalescer.join(scrape(null, OPENMETRICS));
    CountDownLatch laterText = hold(TEXT);
    firstText.countDown();
    assertThat(awaitEntered(OPENMETRICS)).isTrue();
    assertThat(first).isDone();

    // The text answer is out, the collection still encodes OpenMetrics: a text scrape now starts
    // a new collection instead of getting the answer already sent.
    CompletableFuture<VertxPrometheusHttpExchange> again = coalescer.join(scrape(null, TEXT));
    laterText.countDown();
    openMetrics.countDown();

    assertThat(again).isNotNull().isNotSameAs(first);
    assertThat(body(first)).isEqualTo(TEXT + " encoding 1");
    assertThat(body(other)).startsWith(OPENMETRICS + " encoding");
    assertThat(body(again)).startsWith(TEXT + " encoding").isNotEqualTo(body(first));
    assertThat(encodings).hasValue(3);
  }

  @Test
  void identicalScrapesShareTheAnswerBeingEncoded() throws Exception {
    CountDownLatch text = hold(TEXT);
    CompletableFuture<VertxPrometheusHttpExchange> first = coalescer.join(scrape(null, TEXT));
    assertThat(awaitEntered(TEXT)).isTrue();

    CompletableFuture<VertxPrometheusHttpExchange> second = coalescer.join(scrape(null, TEXT));
    text.countDown();

    assertThat(second).isSameAs(first);
    assertThat(body(first)).isEqualTo(TEXT + " encoding 1");
    assertThat(encodings).hasValue(1);
  }

  @Test
  void aCollectionBeyondTheCapIsRefusedAndTheSlotIsFreedWhenOneEnds() throws Exception {
    CountDownLatch text = hold(TEXT);
    CompletableFuture<VertxPrometheusHttpExchange> a = coalescer.join(scrape("a", TEXT));
    CompletableFuture<VertxPrometheusHttpExchange> b = coalescer.join(scrape("b", TEXT));

    assertThat(coalescer.join(scrape("c", TEXT))).isNull();
    // Joining a collection in flight is not refused: it starts nothing.
    assertThat(coalescer.join(scrape("a", TEXT))).isSameAs(a);

    text.countDown();
    body(a);
    body(b);
    // The last answer is completed only after its collection has left the cap.
    assertThat(coalescer.join(scrape("c", TEXT))).isNotNull();
  }

  @Test
  void aCollectionOwesAtMostEightAnswersThenAScrapeStartsAnotherUnderTheCap()
      throws Exception {
    CountDownLatch text = hold(TEXT);
    CompletableFuture<VertxPrometheusHttpExchange> first = coalescer.join(scrape(null, TEXT));
    assertThat(awaitEntered(TEXT)).isTrue();
    for (int i = 1; i < ScrapeCoalescer.MAX_ANSWERS_PER_COLLECTION; i++) {
      assertThat(coalescer.join(scrape(null, "text/plain; v=" + i))).isNotNull();
    }

    // The ninth distinct answer gets a collection of its own, encoded while the first one still
    // holds its thread; with two in flight, the cap, a scrape of another query is refused.
    CountDownLatch ninth = hold("text/plain; v=9");
    assertThat(coalescer.join(scrape(null, "text/plain; v=9"))).isNotNull();
    assertThat(awaitEntered("text/plain; v=9")).isTrue();
    assertThat(coalescer.join(scrape("other", TEXT))).isNull();
    text.countDown();
    ninth.countDown();
    assertThat(body(first)).startsWith(TEXT + " encoding");
  }
}
