package dev.runner.local.api.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The parts of ValidatePodSpec the workflows can get wrong: containers present, container/volume names (DNS-1123
 * labels, unique), image required, volumeMounts naming a volume, port ranges, env names, restartPolicy and dnsPolicy
 * values. https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */
final class PodSpecValidation {
    private static final List<String> RESTART = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");

    private PodSpecValidation() {}

    static void validate(JsonNode spec, String path, List<FieldError> errs) {
        if (spec == null) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        Set<String> volumes = volumes(spec, path, errs);
        if (Json.arrayOrEmpty(spec, "containers").isEmpty()) {
            errs.add(FieldError.required(path + ".containers", ""));
        }
        Set<String> names = new HashSet<>();
        containers(spec, "initContainers", path, volumes, names, errs);
        containers(spec, "containers", path, volumes, names, errs);
        String restart = Json.text(spec, "restartPolicy");
        if (restart != null && !RESTART.contains(restart)) {
            errs.add(FieldError.notSupported(path + ".restartPolicy", restart, RESTART));
        }
        String dns = Json.text(spec, "dnsPolicy");
        if (dns != null && !DNS.contains(dns)) {
            errs.add(FieldError.notSupported(path + ".dnsPolicy", dns, DNS));
        }
    }

    private static Set<String> volumes(JsonNode spec, String path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        var list = Json.arrayOrEmpty(spec, "volumes");
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".volumes[" + i + "].name";
            String name = Json.text(list.get(i), "name");
            if (name == null || name.isEmpty()) {
                errs.add(FieldError.required(at, ""));
                continue;
            }
            Names.label(name).forEach(m -> errs.add(FieldError.invalid(at, name, m)));
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(at, name));
            }
        }
        return names;
    }

    private static void containers(JsonNode spec, String list, String path, Set<String> volumes, Set<String> names,
            List<FieldError> errs) {
        var items = Json.arrayOrEmpty(spec, list);
        for (int i = 0; i < items.size(); i++) {
            JsonNode c = items.get(i);
            String at = path + "." + list + "[" + i + "]";
            String name = Json.text(c, "name");
            if (name == null || name.isEmpty()) {
                errs.add(FieldError.required(at + ".name", ""));
            } else {
                Names.label(name).forEach(m -> errs.add(FieldError.invalid(at + ".name", name, m)));
                if (!names.add(name)) {
                    errs.add(FieldError.duplicate(at + ".name", name));
                }
            }
            String image = Json.text(c, "image");
            if (image == null || image.isBlank()) {
                errs.add(FieldError.required(at + ".image", ""));
            }
            mounts(c, at, volumes, errs);
            ports(c, at, errs);
            var env = Json.arrayOrEmpty(c, "env");
            for (int e = 0; e < env.size(); e++) {
                String envName = Json.text(env.get(e), "name");
                if (envName == null || envName.isEmpty()) {
                    errs.add(FieldError.required(at + ".env[" + e + "].name", ""));
                }
            }
        }
    }

    private static void mounts(JsonNode c, String at, Set<String> volumes, List<FieldError> errs) {
        var mounts = Json.arrayOrEmpty(c, "volumeMounts");
        Set<String> paths = new HashSet<>();
        for (int m = 0; m < mounts.size(); m++) {
            String mat = at + ".volumeMounts[" + m + "]";
            String volume = Json.text(mounts.get(m), "name");
            if (volume == null || volume.isEmpty()) {
                errs.add(FieldError.required(mat + ".name", ""));
            } else if (!volumes.contains(volume)) {
                errs.add(FieldError.notFound(mat + ".name", volume));
            }
            String mountPath = Json.text(mounts.get(m), "mountPath");
            if (mountPath == null || mountPath.isEmpty()) {
                errs.add(FieldError.required(mat + ".mountPath", ""));
            } else if (!paths.add(mountPath)) {
                errs.add(FieldError.invalid(mat + ".mountPath", mountPath, "must be unique"));
            }
        }
    }

    private static void ports(JsonNode c, String at, List<FieldError> errs) {
        var ports = Json.arrayOrEmpty(c, "ports");
        for (int p = 0; p < ports.size(); p++) {
            JsonNode port = ports.get(p).get("containerPort");
            String pat = at + ".ports[" + p + "].containerPort";
            if (port == null) {
                errs.add(FieldError.required(pat, ""));
            } else if (port.asInt() < 1 || port.asInt() > 65535) {
                errs.add(FieldError.invalid(pat, port, "must be between 1 and 65535, inclusive"));
            }
        }
    }
}
