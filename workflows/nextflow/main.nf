#!/usr/bin/env nextflow
/*
 * An nrf2sim sweep across a cluster: one task per shard (`nrf2sim sweep … --shard k/N`), then
 * `nrf2sim merge` of all shards into the outputs of the unsharded run.
 *
 *   nextflow run workflows/nextflow/main.nf \
 *     --input scenarios/cell-lines/g01-shnrf2.yaml \
 *     --sweep_args '--param knockdown=0:0.95:64 --measure ic50 --repeats 3' --shards 16 --outdir out/kd
 *
 * Every task runs the same command and seed; the shard alone decides which points it computes, so
 * the merged result equals one unsharded run exactly. A failed task retried with -resume restarts
 * its shard (its partial results.jsonl stays in the failed task's work directory).
 */
nextflow.enable.dsl = 2

params.input      = null      // scenario or experiment file
params.sweep_args = ''        // everything else for `nrf2sim sweep` (not --shard/--out/--workers)
params.shards     = 4
params.outdir     = 'sweep-results'
params.nrf2sim    = 'nrf2sim' // command on the compute nodes (e.g. 'npx nrf2sim')

process SWEEP_SHARD {
    tag "shard ${k}/${params.shards}"
    cpus 4

    input:
    path input
    val k

    output:
    path "shard-${k}"

    script:
    """
    ${params.nrf2sim} sweep ${input} ${params.sweep_args} --shard ${k}/${params.shards} --workers ${task.cpus} --out shard-${k}
    """
}

process MERGE {
    publishDir params.outdir, mode: 'copy'

    input:
    path shards

    output:
    path 'merged/*'

    script:
    """
    ${params.nrf2sim} merge ${shards} --out merged
    """
}

workflow {
    if (!params.input) error "give --input <scenario-or-experiment.yaml>"
    def input = file(params.input, checkIfExists: true)
    def ks = Channel.of(1..(params.shards as int))
    MERGE(SWEEP_SHARD(input, ks).collect())
}
