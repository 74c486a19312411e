package dev.trainyard.ml.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model files written by earlier versions keep loading and predicting exactly as they did. */
class StoredModelTest {
  @TempDir Path dir;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(StoredModelTest.class.getResource("/models/" + name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1/iris-random-forest", "v1/iris-softmax"})
  void storedModelLoadsAndPredictsExactlyAsWhenSaved(String name) throws Exception {
    PipelineModel m = ModelFile.load(resource(name + ".model"));
    Frame iris = CsvReader.read(TestDatasets.file("iris.csv"), CsvOptions.defaults());
    double[][] got = m.predict(iris).values();
    List<String> expected = Files.readAllLines(resource(name + ".expected.csv"));
    assertThat(got.length).isEqualTo(expected.size());
    for (int i = 0; i < got.length; i++) {
      String[] parts = expected.get(i).split(",");
      for (int c = 0; c < parts.length; c++) {
        assertThat(got[i][c]).as("row %d class %d", i, c).isEqualTo(Double.parseDouble(parts[c]));
      }
    }
    assertThat(m.provenance().datasetId()).isEqualTo("iris.csv");
    assertThat(m.provenance().seed()).isEqualTo(1);
    assertThat(m.classes()).containsExactly("0", "1", "2");
  }

  @Test
  void savedAndReloadedModelPredictsBitForBitTheSame() throws Exception {
    PipelineModel m = ModelFile.load(resource("v1/iris-random-forest.model"));
    Path copy = dir.resolve("copy.model");
    ModelFile.save(m, copy);
    Frame iris = CsvReader.read(TestDatasets.file("iris.csv"), CsvOptions.defaults());
    assertThat(ModelFile.load(copy).predict(iris).values()).isDeepEqualTo(m.predict(iris).values());
    assertThat(ModelFile.load(copy).provenance()).isEqualTo(m.provenance());
  }

  @Test
  void aFileThatIsNotAModelIsAClearError() throws IOException {
    Path bogus = dir.resolve("bogus.model");
    Files.writeString(bogus, "hello");
    assertThatThrownBy(() -> ModelFile.load(bogus))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("bogus.model is not a Trainyard model file (or it is truncated)");
  }
}
