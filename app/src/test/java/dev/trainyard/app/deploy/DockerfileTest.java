package dev.trainyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.app.deploy.DockerfileModel.Instruction;
import dev.trainyard.app.deploy.DockerfileModel.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code deploy/Dockerfile} without a Docker engine: its stages, what the runtime stage copies
 * (against how app/pom.xml lays out the jar and lib/), its user, ports and entry point. The entry
 * point's shell line is run for real, with {@code java} replaced by a printer of its arguments.
 */
class DockerfileTest {
  private static final Path FILE = DeployFiles.deploy().resolve("Dockerfile");
  private static final DockerfileModel DOCKERFILE = DockerfileModel.read(FILE);

  @Test
  void aMavenStageOnJdk17BuildsTheAppAndTheRuntimeStageIsAJre17() {
    List<Stage> stages = DOCKERFILE.stages();
    assertThat(stages).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
    Stage build = stages.get(0);
    assertThat(build.image()).as("build stage image").contains("maven").contains("17");
    assertThat(build.name()).as("build stage name").isPresent();
    assertThat(build.all("RUN")).as("the build stage runs Maven on the app and what it needs")
        .anyMatch(r -> r.rest().contains("mvn") && r.rest().contains("-pl app") && r.rest().contains("-am")
            && r.rest().contains("package"));
    assertThat(DOCKERFILE.last().image()).as("runtime image: a JRE, not a JDK or Maven").matches(".*:17[^ ]*-jre.*")
        .doesNotContain("maven").doesNotContain("jdk");
  }

  @Test
  void theRuntimeStageCopiesTheJarAndItsLibDirectoryAsAppPomLaysThemOut() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(DeployFiles.root().resolve("app/pom.xml").toFile());
    String finalName = text(pom, "finalName");
    String libDir = text(pom, "outputDirectory").replace("${project.build.directory}/", "");
    String prefix = text(pom, "classpathPrefix");
    assertThat(prefix).as("the jar's manifest class path is the lib directory beside it").isEqualTo(libDir + "/");
    Stage build = DOCKERFILE.stages().get(0);
    String src = build.last("WORKDIR").orElseThrow().rest();
    assertThat(build.all("COPY")).as("the build stage copies the reactor into " + src)
        .anyMatch(c -> c.words().equals(List.of(".", ".")));
    List<Instruction> copies = DOCKERFILE.last().all("COPY").stream()
        .filter(c -> c.option("from").equals(build.name())).toList();
    String jar = null;
    String lib = null;
    for (Instruction c : copies) {
      List<String> w = c.words();
      if (w.get(0).equals(src + "/app/target/" + finalName + ".jar")) {
        jar = w.get(1);
      } else if (w.get(0).replaceAll("/$", "").equals(src + "/app/target/" + libDir)) {
        lib = w.get(1).replaceAll("/$", "");
      }
    }
    assertThat(jar).as("COPY --from=build of app/target/" + finalName + ".jar").isEqualTo("/opt/trainyard/trainyard.jar");
    assertThat(lib).as("COPY --from=build of app/target/" + libDir + "/, beside the jar")
        .isEqualTo(Path.of(jar).getParent().resolve(prefix).toString());
  }

  @Test
  void itRunsAsANonRootNumericUserWithTheDataVolumeItsOwn() {
    int uid = DOCKERFILE.uid();
    assertThat(uid).as("USER of the runtime stage").isPositive();
    String volume = DOCKERFILE.last().last("VOLUME").orElseThrow().execForm().orElseThrow().get(0);
    assertThat(DOCKERFILE.last().all("RUN")).as("the runtime stage creates " + volume + " owned by " + uid)
        .anyMatch(r -> r.rest().contains("mkdir -p") && r.rest().contains(volume) && r.rest().contains("chown -R " + uid));
    assertThat(DOCKERFILE.last().last("WORKDIR").orElseThrow().rest()).startsWith(volume);
  }

  @Test
  void itExposesTheCoordinatorsDefaultPorts() {
    assertThat(DOCKERFILE.exposed()).contains(Integer.parseInt(Cli.defaultOf("coordinator", "--port")),
        Integer.parseInt(Cli.defaultOf("coordinator", "--grpc-port")));
  }

  @Test
  void theEntrypointRunsTheJarWithContainerAwareMemoryThenJavaOptsThenTheRolesArguments() throws Exception {
    List<String> entry = DOCKERFILE.last().last("ENTRYPOINT").orElseThrow().execForm()
        .orElseThrow(() -> new AssertionError("ENTRYPOINT in exec form, so the JVM gets SIGTERM as PID 1"));
    assertThat(entry.subList(0, 2)).isEqualTo(List.of("sh", "-c"));
    String script = entry.get(2);
    assertThat(script).as("the shell replaces itself with the JVM").startsWith("exec java ");
    // run the line as the container would, with `java` printing what it would be started with
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", script.replaceFirst("^exec java ", "exec printf '%s\\\\n' java ")));
    cmd.addAll(entry.subList(3, entry.size()));
    cmd.addAll(List.of("coordinator", "--data-dir=/a dir with spaces"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_OPTS", "-Xmx1g -Dtrainyard.test=1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines().toList()).containsExactly("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
        "-Xmx1g", "-Dtrainyard.test=1", "-jar", "/opt/trainyard/trainyard.jar", "coordinator", "--data-dir=/a dir with spaces");
    List<String> cmdDefault = DOCKERFILE.last().last("CMD").orElseThrow().execForm().orElseThrow();
    assertThat(cmdDefault).as("the default CMD is a command the CLI runs").isEqualTo(List.of("--help"));
  }

  @Test
  void theDockerignoreKeepsBuildOutputAndGitOutOfTheContext() throws Exception {
    Path ignore = FILE.resolveSibling("Dockerfile.dockerignore");
    List<String> lines = Files.readAllLines(ignore);
    assertThat(lines).contains("**/target/", ".git/");
    assertThat(Files.readString(FILE)).as("the build command the header documents")
        .contains("docker build -f deploy/Dockerfile -t " + composeImage() + " .");
  }

  private static String composeImage() {
    return DeployFiles.read(DeployFiles.deploy().resolve("compose.yaml")).get(0).path("services").path("coordinator")
        .path("image").asText();
  }

  private static String text(Document pom, String tag) {
    NodeList n = pom.getElementsByTagName(tag);
    assertThat(n.getLength()).as("app/pom.xml <" + tag + ">").isEqualTo(1);
    return ((Element) n.item(0)).getTextContent().strip();
  }
}
