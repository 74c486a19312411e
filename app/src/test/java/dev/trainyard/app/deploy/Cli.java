package dev.trainyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The real CLI as the deploy files meet it: each role's {@code --help} text (run in-process, as the
 * jar's entry point runs it) and picocli's parse of a role's argument list, converters included.
 */
final class Cli {
  /** The long-running roles a container may run. */
  static final Set<String> ROLES = Set.of("coordinator", "worker", "ps", "standalone");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
  private static final Map<String, String> HELP = new ConcurrentHashMap<>();

  private Cli() {}

  /** {@code trainyard ROLE --help} as printed to stdout (exit code 0). */
  static String help(String role) {
    return HELP.computeIfAbsent(role, r -> {
      synchronized (System.class) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
          System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
          code = Main.run(r, "--help");
        } finally {
          System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code of trainyard " + r + " --help:\n" + text).isZero();
        return text;
      }
    });
  }

  /** The {@code --flags} the role's help text lists. */
  static Set<String> helpFlags(String role) {
    Set<String> flags = new TreeSet<>();
    Matcher m = FLAG.matcher(help(role));
    while (m.find()) {
      flags.add(m.group());
    }
    return flags;
  }

  /** The flag names in an argument list ({@code --a=b} and {@code --a b} both give {@code --a}). */
  static List<String> flagsIn(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        out.add(eq < 0 ? a : a.substring(0, eq));
      }
    }
    return out;
  }

  /** A parsed role command line: the subcommand's model with every option's value (defaults applied). */
  record Parsed(String role, CommandSpec spec) {
    @SuppressWarnings("unchecked")
    <T> T value(String flag) {
      return (T) spec.findOption(flag).getValue();
    }

    int port(String flag) {
      return this.<Integer>value(flag);
    }

    String string(String flag) {
      Object v = value(flag);
      return v == null ? null : v.toString();
    }
  }

  /**
   * Parses {@code args} (role first) as {@code trainyard} would, without running anything.
   *
   * @throws AssertionError naming {@code where} when picocli rejects them (unknown flag, bad value, missing option)
   */
  static Parsed parse(String where, List<String> args) {
    CommandLine cli = new CommandLine(new Main());
    CommandLine.ParseResult result;
    try {
      result = cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": trainyard rejects " + args + ": " + e.getMessage(), e);
    }
    assertThat(result.hasSubcommand()).as(where + ": a role in " + args).isTrue();
    CommandLine.ParseResult sub = result.subcommand();
    return new Parsed(sub.commandSpec().name(), sub.commandSpec());
  }

  /** The role's default of {@code flag} (as declared, e.g. the coordinator's --port 8080). */
  static String defaultOf(String role, String flag) {
    return new CommandLine(new Main()).getSubcommands().get(role).getCommandSpec().findOption(flag).defaultValue();
  }
}
