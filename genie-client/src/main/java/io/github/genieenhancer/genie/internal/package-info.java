/**
 * Implementation details of the Genie client. Not an API: anything here may change in any release. The scoring
 * module's {@code EvalRunScorer} sends its calls through {@link io.github.genieenhancer.genie.internal.DatabricksCalls}
 * too, so that every Databricks call of the library has the same single retry layer.
 */
package io.github.genieenhancer.genie.internal;
