/**
 * Implementation details of the Genie client. Not an API: anything here may change in any release.
 */
package io.github.genieenhancer.genie.internal;
