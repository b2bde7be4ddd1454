package dev.runner.local.kubelet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts pod processes. Every process gets its own session and process group ({@code setsid}), so stopping a pod
 * can signal the whole group. Container paths are made real in one of two ways:
 * <ul>
 * <li><b>mount namespaces</b> (root with CAP_SYS_ADMIN, the normal case): the process runs in a private mount
 * namespace where each volume's local directory is bind-mounted at its mountPath — paths in args, env, config files
 * and exec commands just work, and two clusters can both use /var/lib/postgresql/data;</li>
 * <li><b>path translation</b> (fallback): mountPath prefixes in the command, env values and working directory are
 * rewritten to the local directories.</li>
 * </ul>
 * A process that must not run as root (postgres) drops to its user with {@code setpriv} after the mounts are made.
 */
final class Launcher {
    private final boolean namespaces;
    private final boolean root;

    Launcher(boolean useNamespaces) {
        this.root = isRoot();
        this.namespaces = useNamespaces && root && namespacesWork();
    }

    boolean usesNamespaces() {
        return namespaces;
    }

    boolean isRootUser() {
        return root;
    }

    /** Starts the process; output goes to {@code log} (appended, stdout and stderr merged) or to pipes when null. */
    Process start(LaunchSpec spec, Path log) throws IOException {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        String cwd = spec.workingDir() == null ? "/" : spec.workingDir();
        List<String> command = spec.command();
        if (namespaces) {
            argv.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                    mountScript(spec.mounts(), cwd), "sh"));
        } else {
            PathMap paths = new PathMap(spec.mounts());
            command = command.stream().map(paths::translate).toList();
            env.replaceAll((k, v) -> paths.translate(v));
            cwd = paths.translate(cwd);
        }
        if (spec.user() != null && root) {
            argv.addAll(List.of("setpriv", "--reuid=" + spec.user(), "--regid=" + spec.user(), "--init-groups", "--"));
        }
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(namespaces ? new File("/") : new File(cwd));
        if (log != null) {
            Files.createDirectories(log.getParent());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return pb.start();
    }

    private static String mountScript(List<Mount> mounts, String cwd) {
        StringBuilder s = new StringBuilder("set -e\n");
        mounts.stream().sorted(Comparator.comparingInt(m -> m.target().length())).forEach(m -> {
            String target = quote(m.target());
            s.append(Files.isDirectory(m.source()) ? "mkdir -p " + target
                    : "mkdir -p \"$(dirname " + target + ")\"; [ -e " + target + " ] || : > " + target);
            s.append("\nmount --bind ").append(quote(m.source().toString())).append(' ').append(target).append('\n');
            if (m.readOnly()) {
                s.append("mount -o remount,bind,ro ").append(target).append('\n');
            }
        });
        return s.append("cd ").append(quote(cwd)).append(" 2>/dev/null || cd /\nexec \"$@\"\n").toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean namespacesWork() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                    "mount -t tmpfs none /mnt").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Rewrites container paths to local ones, longest mountPath first, only at path boundaries. */
    static final class PathMap {
        private final List<Mount> mounts;

        PathMap(List<Mount> mounts) {
            this.mounts = mounts.stream().sorted(Comparator.comparingInt((Mount m) -> m.target().length()).reversed())
                    .toList();
        }

        String translate(String value) {
            if (value == null) {
                return null;
            }
            String out = value;
            for (Mount m : mounts) {
                out = replaceAtBoundaries(out, m.target(), m.source().toString());
            }
            return out;
        }

        private static String replaceAtBoundaries(String s, String from, String to) {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (true) {
                int j = s.indexOf(from, i);
                if (j < 0) {
                    return b.append(s, i, s.length()).toString();
                }
                int end = j + from.length();
                boolean startOk = j == 0 || " =:'\"".indexOf(s.charAt(j - 1)) >= 0;
                boolean endOk = end == s.length() || "/ :'\"".indexOf(s.charAt(end)) >= 0;
                b.append(s, i, j).append(startOk && endOk ? to : from);
                i = end;
            }
        }
    }
}
