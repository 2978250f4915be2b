package io.github.promasync.vertx.testing;

import org.junit.jupiter.api.Test;

/**
 * The tests every options data object passes, each one of {@link OptionsContract}'s checks: a
 * test class of options extends this and says how its options are built and changed.
 */
public abstract class OptionsContractTests {

  /**
   * The contract of the options under test.
   *
   * @return the contract
   */
  protected abstract OptionsContract<?> optionsContract();

  @Test
  public void everyPropertyRoundTripsThroughJson() {
    optionsContract().assertEveryPropertyRoundTripsThroughJson();
  }

  @Test
  public void toJsonWritesEveryJsonProperty() {
    optionsContract().assertToJsonWritesEveryJsonProperty();
  }

  @Test
  public void itsJsonConverterIsGeneratedAndNotPublic() {
    optionsContract().assertTheGeneratedConverterIsNotPublic();
  }

  @Test
  public void theCopyConstructorCopiesEveryProperty() {
    optionsContract().assertTheCopyConstructorCopiesEveryProperty();
  }

  @Test
  public void wrongJsonValuesAreRefusedNamingTheKey() {
    optionsContract().assertWrongValuesAreRefusedNamingTheKey();
  }
}
