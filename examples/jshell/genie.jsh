// Genie Enhancer in JShell: the library's imports, ready to use.
//
// From the repository root (JDK 17+ and Maven only):
//   mvn -B -q -pl examples -am package -DskipTests && jshell --class-path examples/target/genie-enhancer-examples-0.1.0-SNAPSHOT-all.jar --startup DEFAULT --startup examples/jshell/genie.jsh
//
// Then, for example, offline:
//   var local = LocalWorkspace.start();
//   var genie = GenieClient.builder(local.workspaceClient()).questionsPerMinute(600).build();
//   genie.ask(local.sampleSpaceId(), "How many customers are there?").sql()
// or against your workspace (DATABRICKS_HOST and DATABRICKS_TOKEN set, or a ~/.databrickscfg profile):
//   var ws = new WorkspaceClient();
// See docs/user-guide.md for the four stages.

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.github.genieenhancer.core.*;
import io.github.genieenhancer.core.benchmark.*;
import io.github.genieenhancer.core.fix.*;
import io.github.genieenhancer.core.progress.*;
import io.github.genieenhancer.core.score.*;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.core.space.SpaceDiff;
import io.github.genieenhancer.core.state.*;
import io.github.genieenhancer.genie.*;
import io.github.genieenhancer.llm.LlmClient;
import io.github.genieenhancer.scoring.*;
import io.github.genieenhancer.enhancement.*;
import io.github.genieenhancer.testkit.*;
import java.nio.file.*;
import java.time.Duration;

// The examples jar carries no SLF4J binding; this keeps SLF4J's "no providers" notice off the screen.
System.setProperty("slf4j.internal.verbosity", "ERROR");
