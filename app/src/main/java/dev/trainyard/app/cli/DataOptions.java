package dev.trainyard.app.cli;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.LibSvmReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that read data files: column types and the CSV separator. */
public final class DataOptions {
  @Option(names = "--type", paramLabel = "COL=TYPE",
      description = "Column type instead of the inferred one: numeric, categorical or text (repeatable).")
  Map<String, String> types = new LinkedHashMap<>();

  @Option(names = "--separator", paramLabel = "CHAR", defaultValue = ",",
      description = "CSV field separator (default: ${DEFAULT-VALUE}); 'tab' for tab.")
  String separator;

  /** CSV options from the flags plus {@code forced} types (which win over the flags). */
  CsvOptions csvOptions(Map<String, ColumnType> forced) {
    Map<String, ColumnType> all = new LinkedHashMap<>();
    types.forEach((col, type) -> all.put(col, parseType(col, type)));
    all.putAll(forced);
    return CsvOptions.defaults().withSeparator(separatorChar()).withTypes(all);
  }

  char separatorChar() {
    if (separator.equalsIgnoreCase("tab") || separator.equals("\\t")) {
      return '\t';
    }
    if (separator.length() != 1) {
      throw new InvalidInputException("--separator must be a single character or 'tab', was '" + separator + "'");
    }
    return separator.charAt(0);
  }

  static ColumnType parseType(String col, String type) {
    try {
      return ColumnType.valueOf(type.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--type " + col + "=" + type
          + ": type must be numeric, categorical or text");
    }
  }

  /** Reads CSV, or LibSVM when the name ends in .svm/.libsvm/.svmlight (optionally .gz). */
  Frame read(Path file, Map<String, ColumnType> forced) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".svmlight")) {
      try {
        return LibSvmReader.read(file);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new dev.trainyard.common.NotFoundException("file not found: " + file);
      } catch (java.io.IOException e) {
        throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    Frame frame = CsvReader.read(file, csvOptions(forced));
    for (String col : types.keySet()) {
      if (!frame.has(col)) {
        throw new InvalidInputException("--type " + col + ": " + file.getFileName() + " has no column '" + col
            + "'; columns are: " + frame.names());
      }
    }
    return frame;
  }
}
