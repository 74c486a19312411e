package dev.trainyard.ml.transform;

import dev.trainyard.common.InvalidInputException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Length-prefixed UTF-8 strings and bounded counts; unlike writeUTF, no 64 KiB string limit. */
final class BinaryIo {
  /** Guards against allocating from a corrupt length. */
  private static final int MAX_LENGTH = 1 << 26;

  private BinaryIo() {}

  static void writeString(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[readCount(in, "string length")];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static int readCount(DataInput in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LENGTH) {
      throw corrupt(what + " " + n);
    }
    return n;
  }

  static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
    String name = readString(in);
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw corrupt("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + name + "'");
    }
  }

  static InvalidInputException corrupt(String detail) {
    return new InvalidInputException("corrupt preprocessor data: " + detail);
  }
}
