package io.weft.bench.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Reads {@code h2load --log-file} output (start time us, HTTP status, duration us; tab separated) and prints
 * one line: {@code count=.. errors=.. p50=.. p90=.. p99=.. p999=.. max=..} (us), optionally writing the
 * percentile distribution for the chart. Any status outside 2xx counts as an error.
 */
@Command(name = "h2log", sortOptions = false,
         header = "percentiles (us) of h2load --log-file output")
public final class H2LoadLog implements Callable<Integer> {

    @Option(names = "--dist", paramLabel = "FILE", description = "also write the percentile distribution here")
    @Nullable
    private Path dist;

    @Parameters(paramLabel = "LOG", description = "h2load --log-file outputs")
    private List<Path> logs = List.of();

    @Override
    public Integer call() throws IOException {
        final Latencies latencies = new Latencies();
        long errors = 0;
        for (Path file : logs) {
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    final String[] parts = line.trim().split("\\s+");
                    if (parts.length < 3) {
                        continue;
                    }
                    final int status = Integer.parseInt(parts[1]);
                    if (status < 200 || status > 299) {
                        errors++;
                        continue;
                    }
                    latencies.record(Long.parseLong(parts[2]));
                }
            }
        }
        if (dist != null) {
            latencies.writeDistribution(dist);
        }
        System.out.println(latencies.summary() + " errors=" + errors);
        return 0;
    }
}
