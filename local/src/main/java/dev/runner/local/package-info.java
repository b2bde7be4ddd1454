/** The embedded local cluster: an API server stand-in on 127.0.0.1 and a local kubelet. */
package dev.runner.local;
