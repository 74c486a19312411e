package dev.trainyard.ml.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void constantNeverChanges() {
    LearningRateSchedule s = LearningRateSchedule.constant(0.3);
    assertThat(s.rate(0)).isEqualTo(0.3);
    assertThat(s.rate(1_000_000)).isEqualTo(0.3);
  }

  @Test
  void stepDecayMultipliesByTheFactorEveryInterval() {
    LearningRateSchedule s = LearningRateSchedule.step(1.0, 0.5, 10);
    assertThat(s.rate(0)).isEqualTo(1.0);
    assertThat(s.rate(9)).isEqualTo(1.0);
    assertThat(s.rate(10)).isEqualTo(0.5);
    assertThat(s.rate(35)).isEqualTo(0.125);
  }

  @Test
  void inverseTimeDecayHalvesTheRateAfterOneOverDecaySteps() {
    LearningRateSchedule s = LearningRateSchedule.inverseTime(0.1, 0.01);
    assertThat(s.rate(0)).isEqualTo(0.1);
    assertThat(s.rate(100)).isCloseTo(0.05, within(1e-15));
    assertThat(s.rate(300)).isCloseTo(0.025, within(1e-15));
  }

  @Test
  void cosineAnnealsFromTheRateToTheFloorAndStaysThere() {
    LearningRateSchedule s = LearningRateSchedule.cosine(1.0, 100, 0.1);
    assertThat(s.rate(0)).isEqualTo(1.0);
    assertThat(s.rate(50)).isCloseTo(0.55, within(1e-12));
    assertThat(s.rate(100)).isCloseTo(0.1, within(1e-12));
    assertThat(s.rate(1000)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void invalidSchedulesNameTheBrokenRule() {
    assertThatThrownBy(() -> LearningRateSchedule.constant(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("learning_rate must be positive and finite, was 0.0");
    assertThatThrownBy(() -> LearningRateSchedule.step(1, 1.5, 10))
        .hasMessage("factor must be greater than 0 and at most 1, was 1.5");
    assertThatThrownBy(() -> LearningRateSchedule.step(1, 0.5, 0)).hasMessage("every must be >= 1, was 0");
    assertThatThrownBy(() -> LearningRateSchedule.inverseTime(1, -1)).hasMessage("decay must be >= 0 and finite, was -1.0");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(1, 0, 0)).hasMessage("total must be >= 1, was 0");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(1, 10, 2)).hasMessage("minLr must be between 0 and 1, was 2");
  }
}
