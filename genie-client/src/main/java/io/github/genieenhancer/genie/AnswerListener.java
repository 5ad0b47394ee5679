package io.github.genieenhancer.genie;

/**
 * Called once per question of a batch as soon as its answer is ready, on the thread that produced it; answers
 * arrive in completion order, not input order. A listener that throws is logged and never stops the batch.
 */
@FunctionalInterface
public interface AnswerListener {

    /**
     * Receives one answer.
     *
     * @param index  the position of the question in the batch's input list
     * @param answer its answer, whatever its status
     */
    void onAnswer(int index, GenieAnswer answer);
}
