// Run after genie.jsh: asks the local Genie one question, then scores the sample benchmarks, through the library.
var local = LocalWorkspace.builder().genieLatency(Duration.ofMillis(5), Duration.ofMillis(2)).start();
var genie = GenieClient.builder(local.workspaceClient()).questionsPerMinute(60000).pollInterval(Duration.ofMillis(10), Duration.ofMillis(50)).build();
var answer = genie.ask(local.sampleSpaceId(), "How many customers are there?");
System.out.println("status=" + answer.status() + " rows=" + answer.result().map(r -> r.rows().size()).orElse(-1));
var sql = SqlExecutor.builder(local.workspaceClient()).warehouseId(local.warehouseId()).build();
try (var batch = BatchGenieClient.create(genie);
     var scorer = BatchScorer.create(batch, sql, SpaceApi.create(local.workspaceClient()), ScoringOptions.defaults())) {
    ScoreReport report = scorer.score(local.sampleSpaceId(), local.sampleBenchmarks());
    System.out.printf("accuracy %.1f%%%n", report.accuracy() * 100);
}
local.close();
/exit
