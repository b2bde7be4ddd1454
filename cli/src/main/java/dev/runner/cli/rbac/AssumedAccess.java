package dev.runner.cli.rbac;

import dev.runner.cli.UserError;
import dev.runner.step.ApiAccess;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --assume RESOURCE[.GROUP][/SUBRESOURCE]=VERB,...[:cluster]}: access the user grants where steps cannot
 * tell, the resource named as {@code kubectl create role --resource} names it (cronjobs.batch, pods/exec).
 */
public final class AssumedAccess {
    private static final Pattern FORM = Pattern.compile(
            "([a-z0-9*]+)(?:\\.([a-z0-9.-]+))?(?:/([a-z0-9*]+))?=([a-z*]+(?:,[a-z*]+)*)(:cluster)?");

    private AssumedAccess() {
    }

    public static ApiAccess parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--assume " + text + ": expected RESOURCE[.GROUP][/SUBRESOURCE]=VERB,... (e.g."
                    + " cronjobs.batch=get,create or pods/exec=create), :cluster at the end for cluster-wide");
        }
        String group = m.group(2) == null ? "" : m.group(2);
        String resource = m.group(1) + (m.group(3) == null ? "" : "/" + m.group(3));
        return new ApiAccess(group, resource, new TreeSet<>(Arrays.asList(m.group(4).split(","))),
                m.group(5) != null, null, null);
    }
}
