package dev.trainyard.bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parser for one flat JSON object whose values are strings, numbers, booleans or null (kept as
 * their text), which is all PARAMS_JSON may be; peers thus need no JSON library of their own.
 */
final class FlatJson {
  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  static Map<String, String> parse(String json) {
    return new FlatJson(json).object();
  }

  private Map<String, String> object() {
    Map<String, String> out = new LinkedHashMap<>();
    skip();
    expect('{');
    skip();
    if (peek() == '}') {
      i++;
      return end(out);
    }
    while (true) {
      skip();
      String key = string();
      skip();
      expect(':');
      skip();
      out.put(key, value());
      skip();
      char c = next();
      if (c == '}') {
        return end(out);
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Map<String, String> end(Map<String, String> out) {
    skip();
    if (i != s.length()) {
      throw error("trailing characters");
    }
    return out;
  }

  private String value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      throw error("PARAMS_JSON values must be strings, numbers or booleans");
    }
    int start = i;
    while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    String v = s.substring(start, i);
    if (v.isEmpty()) {
      throw error("missing value");
    }
    return v;
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void skip() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("PARAMS_JSON is not a flat JSON object (" + what + " at character " + i
        + "): " + s);
  }
}
