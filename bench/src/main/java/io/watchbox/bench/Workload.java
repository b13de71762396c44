package io.watchbox.bench;

/** One workload of the benchmark, run once against the system its arguments name. */
interface Workload {

    /** Drives the system and appends one result line to results. */
    void run(Arguments args, ResultFile results) throws Exception;
}
