package dev.example.runner;

import dev.runner.step.Args;
import dev.runner.step.Observation;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import dev.runner.step.StepSchemas;
import dev.runner.step.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code type: sha256}: the SHA-256 of a file, as the outputs {@code sha256} and {@code bytes}. A complete step
 * type in one class: a schema for {@code with}, its declared outputs, a plan that changes nothing, a run, and an observe (reading a
 * file has no effect to redo, so it is idempotent).
 */
public final class Sha256Step implements StepType {

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public String description() {
        return "SHA-256 of a file (outputs: sha256, bytes)";
    }

    @Override
    public String withSchema() {
        return StepSchemas.resource(Sha256Step.class, "sha256.schema.json");
    }

    /**
     * Declaring the outputs lets {@code runner validate} refuse {@code ${steps.hash.outputs.sha265}}. Optional: a
     * type that does not override this accepts any name, and a misspelt one fails only when the step has run.
     */
    @Override
    public StepOutputs outputs() {
        return StepOutputs.of("sha256", "bytes");
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public StepPlan plan(StepContext ctx) throws StepException {
        return StepPlan.noChange("hash " + file(ctx));
    }

    @Override
    public StepResult run(StepContext ctx) throws StepException {
        Path file = file(ctx);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            long bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            String hex = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            return StepResult.of(Map.of("sha256", hex, "bytes", Long.toString(bytes)), file.getFileName() + ": " + hex);
        } catch (IOException e) {
            throw new StepException("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    @Override
    public Observation observe(StepContext ctx) throws StepException {
        return Observation.notDone("hashing has no lasting effect; it is simply done again");
    }

    private static Path file(StepContext ctx) throws StepException {
        return ctx.baseDir().resolve(Args.of(ctx).string("file")).normalize();
    }
}
