package dev.runner.docs;

import java.util.List;
import java.util.Map;

/**
 * One {@code $ ./runner …} example of a markdown file: where it is, what it runs and what it must print.
 *
 * @param file        the markdown file, relative to the repository root
 * @param line        1-based line of the {@code $ } prompt
 * @param block       1-based line of the fence that opens its block; the examples of one block share a state dir
 * @param command     the command as written, without the prompt (continuation lines joined)
 * @param env         {@code NAME=value} words written before {@code ./runner}
 * @param args        the arguments after {@code ./runner}
 * @param exitCode    the expected exit code: a trailing {@code # exit N} comment, else 0
 * @param output      the lines shown after the command; {@code …} alone is any number of lines, within a line any text
 * @param needsCluster the block is marked {@code cluster}: the example needs a live cluster and is not run
 */
record DocExample(String file, int line, int block, String command, Map<String, String> env, List<String> args,
                  int exitCode, List<String> output, boolean needsCluster) {

    String where() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return where() + " $ " + command;
    }
}
