// Run after genie.jsh: asks the local Genie one question through the library.
var local = LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ofMillis(2)).start();
var genie = GenieClient.builder(local.workspaceClient()).questionsPerMinute(6000).pollInterval(Duration.ofMillis(10), Duration.ofMillis(50)).build();
var answer = genie.ask(local.sampleSpaceId(), "How many customers are there?");
System.out.println("status=" + answer.status() + " rows=" + answer.result().map(r -> r.rows().size()).orElse(-1));
local.close();
/exit
