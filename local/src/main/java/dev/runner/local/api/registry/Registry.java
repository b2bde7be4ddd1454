package dev.runner.local.api.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-kind stages of the write path, as k8s.io/apiserver's registry runs them around admission:
 * {@code prepare…} decodes the body against the kind's schema ({@link SchemaDecoder}, judged by
 * {@link FieldValidation}), checks that name and namespace agree with the URL, runs the strategy's
 * PrepareForCreate/PrepareForUpdate (status is not written through the object) and applies the kind's defaults;
 * {@code validate…} runs the strategy's validation and, on update, its immutability rules. Storage
 * (resourceVersion, generation, uid) stays with the CRUD store behind it.
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/registry/rest/create.go
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/registry/rest/update.go
 */
public final class Registry {
    /** A decoded, defaulted object's resource (now with its kind) and the warnings to send with the answer. */
    public record Prepared(ResourceRef ref, List<String> warnings) {}

    private Registry() {}

    /** Whether writes to {@code ref} go through a strategy (its kind is modelled and it is not a subresource). */
    public static boolean handles(ResourceRef ref) {
        return ref != null && ref.subresource() == null && KindStrategy.of(ref.resource()) != null;
    }

    public static Prepared prepareCreate(ResourceRef path, ObjectNode obj, String fieldValidation)
            throws ApiException {
        KindStrategy strategy = KindStrategy.of(path.resource());
        ResourceRef ref = path.withKind(strategy.kind());
        List<String> warnings = decode(ref, strategy, obj, fieldValidation);
        sameNamespace(ref, obj);
        if (strategy.hasStatus()) {
            StatusOnCreate.reset(strategy.kind(), obj);
        }
        strategy.defaults().accept(obj);
        SystemFields.fillOnCreate(obj);
        if (strategy.kind().equals("Job")) {
            JobSelector.generate(obj);
        }
        return new Prepared(ref, warnings);
    }

    /**
     * The stored object with what the strategy derived from the uid it gave the object ({@code provisionalUid})
     * rebound to the uid storage assigned; null when the kind derives nothing from it.
     */
    public static ObjectNode rebindUid(ResourceRef ref, String provisionalUid, ObjectNode stored) {
        KindStrategy strategy = KindStrategy.of(ref.resource());
        if (strategy == null || !strategy.kind().equals("Job") || provisionalUid == null) {
            return null;
        }
        return JobSelector.rebind(stored, provisionalUid);
    }

    public static Prepared prepareUpdate(ResourceRef path, JsonNode old, ObjectNode obj, String fieldValidation)
            throws ApiException {
        KindStrategy strategy = KindStrategy.of(path.resource());
        ResourceRef ref = path.withKind(strategy.kind());
        List<String> warnings = decode(ref, strategy, obj, fieldValidation);
        sameNamespace(ref, obj);
        String name = Json.text(obj.path("metadata"), "name");
        if (name != null && !name.equals(ref.name())) {
            throw ApiException.badRequest(ref, "the name of the object (" + name
                    + ") does not match the name on the URL (" + ref.name() + ")");
        }
        if (strategy.hasStatus()) {
            keepStatus(old, obj);
        }
        strategy.defaults().accept(obj);
        return new Prepared(ref, warnings);
    }

    public static void validateCreate(ResourceRef ref, JsonNode obj) throws ApiException {
        KindStrategy strategy = KindStrategy.of(ref.resource());
        List<FieldError> errs = new ArrayList<>();
        MetaValidation.object(obj.path("metadata"), strategy.nameRule(), errs);
        strategy.validate().accept(obj, errs);
        fail(ref, obj, errs);
    }

    public static void validateUpdate(ResourceRef ref, JsonNode old, JsonNode obj) throws ApiException {
        KindStrategy strategy = KindStrategy.of(ref.resource());
        List<FieldError> errs = new ArrayList<>();
        MetaValidation.object(obj.path("metadata"), strategy.nameRule(), errs);
        strategy.validate().accept(obj, errs);
        strategy.validateUpdate().check(old, obj, errs);
        fail(ref, obj, errs);
    }

    /**
     * Records in managedFields that {@code manager} (operation Update) set the fields it changed; used for every
     * create and every write that is not a server-side apply.
     */
    public static void trackUpdate(ResourceRef ref, JsonNode old, ObjectNode obj, String manager) {
        if (obj.path("metadata").get("managedFields") == null && old != null
                && old.path("metadata").get("managedFields") != null) {
            Json.object(obj, "metadata").set("managedFields", old.path("metadata").get("managedFields"));
        }
        ManagedFields.recordUpdate(old, obj, manager, ref.apiVersion());
    }

    /** An update of the object never writes its status (that is the status subresource's job). */
    private static void keepStatus(JsonNode old, ObjectNode obj) {
        if (old.has("status")) {
            obj.set("status", old.get("status"));
        } else {
            obj.remove("status");
        }
    }

    private static List<String> decode(ResourceRef ref, KindStrategy strategy, ObjectNode obj, String validation)
            throws ApiException {
        String kind = Json.text(obj, "kind");
        if (kind != null && !kind.equals(strategy.kind())) {
            throw ApiException.badRequest(ref, "the body of the request was of kind " + kind + ", expected "
                    + strategy.kind());
        }
        return FieldValidation.of(validation).judge(ref, SchemaDecoder.decode(obj, strategy.type()));
    }

    private static void sameNamespace(ResourceRef ref, ObjectNode obj) throws ApiException {
        String ns = Json.text(obj.path("metadata"), "namespace");
        if (ns != null && ref.namespace() != null && !ns.equals(ref.namespace())) {
            throw ApiException.badRequest(ref, "the namespace of the provided object does not match the namespace"
                    + " sent on the request");
        }
    }

    private static void fail(ResourceRef ref, JsonNode obj, List<FieldError> errs) throws ApiException {
        if (!errs.isEmpty()) {
            throw ApiException.invalid(ref, String.valueOf(Json.text(obj.path("metadata"), "name")), errs);
        }
    }
}
