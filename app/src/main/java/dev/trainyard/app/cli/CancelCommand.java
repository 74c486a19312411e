package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trainyard cancel JOB}: cancels a job and prints its new status. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a job: queued tasks are dropped, running ones stop at their next heartbeat.")
public final class CancelCommand extends ClientCommand {
  @Parameters(paramLabel = "JOB", description = "The job id (see 'trainyard jobs').")
  String jobId;

  @Override
  protected int run(ApiClient api) {
    JsonNode job = api.post("/api/v1/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8) + "/cancel");
    System.out.println("job " + job.path("id").asText() + ": " + job.path("status").asText());
    return 0;
  }
}
