package dev.runner.local.api;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * One stage before the handlers, in the order the API server runs them: authentication, then authorization
 * (https://kubernetes.io/docs/concepts/security/controlling-access/). A filter answers the request itself (401,
 * 403 …) or returns null to let it go on; it may record who sent it with {@link ApiRequest#authenticatedAs}.
 * Installed in order with {@link ApiServer#addFilter}.
 */
@FunctionalInterface
public interface RequestFilter {
    MockResponse filter(ApiRequest request);
}
