package dev.trainyard.app.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network made with iproute2 (needs root): a Linux bridge {@code ty-br-TAG} in the root
 * namespace with address 10.77.X.1/24, and for each role a network namespace {@code ty-TAG-ROLE}
 * joined to the bridge by a veth pair ({@code tyTAG-ROLE} on the bridge, {@code tyTAG-ROLEp} inside,
 * address 10.77.X.N/24) with {@code lo} up. TAG is random and X a /24 no interface here uses, so
 * runs do not collide. {@link #cut} takes a role's bridge-side link down: the role's process keeps
 * running but nothing reaches it or leaves it. {@link #close} kills whatever still runs in the
 * namespaces (by pid), deletes them, their veths and the bridge; it is safe to call twice.
 */
final class Netns implements AutoCloseable {
  /** One role's namespace, its veth pair and address. */
  record Node(String role, String ns, String hostVeth, String nsVeth, String ip) {}

  final String tag;
  final String bridge;
  final String subnet;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private boolean closed;

  private Netns(String tag, int x) {
    this.tag = tag;
    this.bridge = "ty-br-" + tag;
    this.subnet = "10.77." + x;
  }

  /**
   * Aborts the test (or, under {@code CI=true}, fails it) when this machine cannot make namespaces:
   * not root, no {@code ip netns}, or a missing {@code extraTools} program (e.g. redis-server).
   */
  static void requireUsable(String... extraTools) {
    String why = null;
    if (!isRoot()) {
      why = "not running as root (uid " + uid() + ")";
    } else if (!works("ip", "netns", "list")) {
      why = "'ip netns' is unavailable (install iproute2: apt-get install iproute2)";
    } else {
      for (String tool : extraTools) {
        if (!works(tool, "--version")) {
          why = "'" + tool + "' is not installed";
          break;
        }
      }
    }
    if (why != null) {
      unusable("the network-namespace test needs root, iproute2 and redis-server: " + why, null);
    }
  }

  /** Skips the test with {@code why} outside CI; under {@code CI=true} fails it. */
  static void unusable(String why, Throwable cause) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true requires network namespaces: " + why, cause);
    }
    Assumptions.abort(why);
  }

  /** The bridge and one namespace per role, in order; addresses .2, .3, ... On failure undoes what it made. */
  static Netns create(List<String> roles) throws Exception {
    Netns n = new Netns(HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt()}), freeSubnet());
    try {
      n.ip("link", "add", n.bridge, "type", "bridge");
      n.ip("addr", "add", n.subnet + ".1/24", "dev", n.bridge);
      n.ip("link", "set", n.bridge, "up");
      int host = 2;
      for (String role : roles) {
        Node node = new Node(role, "ty-" + n.tag + "-" + role, "ty" + n.tag + "-" + role, "ty" + n.tag + "-" + role + "p",
            n.subnet + "." + host++);
        if (node.nsVeth().length() > 15) {
          throw new IllegalArgumentException("role name too long for an interface name: " + role);
        }
        n.nodes.put(role, node);
        n.ip("netns", "add", node.ns());
        n.ip("link", "add", node.hostVeth(), "type", "veth", "peer", "name", node.nsVeth());
        n.ip("link", "set", node.nsVeth(), "netns", node.ns());
        n.ip("link", "set", node.hostVeth(), "master", n.bridge, "up");
        n.inside(node, "ip", "link", "set", "lo", "up");
        n.inside(node, "ip", "addr", "add", node.ip() + "/24", "dev", node.nsVeth());
        n.inside(node, "ip", "link", "set", node.nsVeth(), "up");
      }
    } catch (Exception | Error e) {
      n.close();
      throw e;
    }
    return n;
  }

  Node node(String role) {
    Node n = nodes.get(role);
    if (n == null) {
      throw new IllegalArgumentException("no namespace for " + role);
    }
    return n;
  }

  /** {@code command} as run inside {@code role}'s namespace. */
  List<String> exec(String role, List<String> command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", node(role).ns()));
    c.addAll(command);
    return c;
  }

  /** Takes the bridge side of {@code role}'s veth down: the role is cut off from every other one. */
  void cut(String role) throws Exception {
    ip("link", "set", node(role).hostVeth(), "down");
  }

  /** Brings {@code role}'s link back up. */
  void restore(String role) throws Exception {
    ip("link", "set", node(role).hostVeth(), "up");
  }

  /** What {@code ip -br link} says about the namespaces' bridge-side veths (for a failing test). */
  String describe() {
    try {
      return run(false, "ip", "-br", "link", "show", "master", bridge);
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }

  /**
   * Kills every process left in the namespaces (SIGKILL by pid: only this test starts processes in
   * them), deletes the namespaces, any veth left and the bridge. Returns what could not be removed
   * (empty when all is gone).
   */
  synchronized List<String> cleanUp() {
    List<String> left = new ArrayList<>();
    if (closed) {
      return left;
    }
    closed = true;
    for (Node node : nodes.values()) {
      try {
        String pids = run(false, "ip", "netns", "pids", node.ns()).strip();
        for (String pid : pids.isEmpty() ? new String[0] : pids.split("\\s+")) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (String pid : pids.isEmpty() ? new String[0] : pids.split("\\s+")) {
          ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid)).orElse(null);
          if (handle != null) {
            try {
              handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
              left.add("process " + pid + " in " + node.ns());
            }
          }
        }
      } catch (Exception e) {
        // no such namespace: nothing runs in it
      }
    }
    for (Node node : nodes.values()) {
      quietly("ip", "netns", "del", node.ns());
      quietly("ip", "link", "del", node.hostVeth()); // gone with the namespace's end, unless that was never moved
    }
    quietly("ip", "link", "del", bridge);
    String links = quietly("ip", "-o", "link", "show");
    String spaces = quietly("ip", "netns", "list");
    for (Node node : nodes.values()) {
      if (links.contains(node.hostVeth() + "@") || links.contains(node.hostVeth() + ":")) {
        left.add("veth " + node.hostVeth());
      }
      if (List.of(spaces.split("\\s+")).contains(node.ns())) {
        left.add("namespace " + node.ns());
      }
    }
    if (links.contains(" " + bridge + ":")) {
      left.add("bridge " + bridge);
    }
    return left;
  }

  @Override
  public void close() {
    cleanUp();
  }

  private void ip(String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of("ip"));
    c.addAll(List.of(args));
    run(true, c.toArray(String[]::new));
  }

  private void inside(Node node, String... command) throws Exception {
    run(true, exec(node.role(), List.of(command)).toArray(String[]::new));
  }

  private static String quietly(String... command) {
    try {
      return run(false, command);
    } catch (Exception e) {
      return "";
    }
  }

  /** Runs a command; its output (stdout and stderr). With {@code check}, a non-zero exit is an exception. */
  static String run(boolean check, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end");
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.strip());
    }
    return out;
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A 10.77.X.0/24 that no address or route on this machine is in. */
  private static int freeSubnet() throws Exception {
    String used = run(false, "ip", "-4", "-o", "addr", "show") + run(false, "ip", "-4", "route", "show");
    for (int i = 0; i < 50; i++) {
      int x = ThreadLocalRandom.current().nextInt(10, 250);
      if (!used.contains("10.77." + x + ".")) {
        return x;
      }
    }
    throw new IllegalStateException("no free 10.77.X.0/24 subnet: " + used);
  }

  private static boolean isRoot() {
    return "0".equals(uid());
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).strip().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "unknown";
  }
}
