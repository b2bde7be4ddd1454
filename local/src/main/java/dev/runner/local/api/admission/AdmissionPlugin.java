package dev.runner.local.api.admission;

import dev.runner.local.api.registry.ApiException;

/**
 * An admission controller: after the object is decoded and defaulted, every plugin's {@link #mutate} runs (in
 * order), then the kind's strategy validates, then every plugin's {@link #validate}; a plugin refuses by throwing.
 * Only objects of the kinds the local API server models reach admission.
 * https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#what-are-they
 */
public interface AdmissionPlugin {
    /** The mutating phase: may change {@code attributes.object()}. */
    default void mutate(AdmissionAttributes attributes) throws ApiException {
    }

    /** The validating phase: may refuse, must not change the object. */
    default void validate(AdmissionAttributes attributes) throws ApiException {
    }
}
