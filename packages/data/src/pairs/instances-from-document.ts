import type { Rng } from '../random';
import type { TokenizedDocument, TokenizedSentence } from '../tokenize/tokenize-documents';
import type { ResolvedPairOptions } from './pair-options';
import { randint, Segment, truncateSeqPair } from './segment';
import type { TrainingInstance } from './training-instance';

/** Which sentence-pair objective builds segment B. */
export type PairObjective = 'nsp' | 'sop';

/**
 * google-research/bert's `create_instances_from_document`, step for step and random draw for random draw:
 *
 * 1. target length = maxSeqLength − 3, or with probability `shortSeqProb` a uniform integer in [2, that] (drawn once
 *    per document, as in the reference);
 * 2. sentences accumulate in a chunk until it reaches the target (or the document ends);
 * 3. A = the chunk's first `aEnd` sentences, `aEnd` uniform in [1, chunk − 1];
 * 4. NSP: with a one-sentence chunk or probability ½, B = sentences from a random position of a random OTHER
 *    document until B reaches target − |A| (label 1), and the chunk's unused sentences are "put back" (the walk
 *    steps back over them); otherwise B = the rest of the chunk, A's true continuation (label 0).
 *    SOP (ALBERT): B = the rest of the chunk, and with probability ½ A and B are swapped (label 1);
 * 5. `truncateSeqPair` to maxSeqLength − 3 tokens.
 *
 * Deviations, both for the better and documented in the README: the random document is drawn uniformly among the
 * others (the reference tries 10 times and may end on the same document); for SOP, a one-sentence chunk is cut at a
 * random token into A and B (ALBERT falls back to a random-document B there, which is an NSP example with a SOP
 * label), and a one-token chunk yields no instance.
 */
export function instancesFromDocument(
  documents: readonly TokenizedDocument[],
  documentIndex: number,
  options: ResolvedPairOptions,
  objective: PairObjective,
  rng: Rng,
  out: TrainingInstance[],
): void {
  const document = documents[documentIndex]?.sentences ?? [];
  const maxNumTokens = options.maxSeqLength - 3;
  let targetSeqLength = maxNumTokens;
  if (rng.next() < options.shortSeqProb) targetSeqLength = randint(rng, 2, maxNumTokens);

  let chunk: TokenizedSentence[] = [];
  let currentLength = 0;
  let index = 0;
  while (index < document.length) {
    const sentence = document[index]!;
    chunk.push(sentence);
    currentLength += sentence.ids.length;
    if (index === document.length - 1 || currentLength >= targetSeqLength) {
      const aEnd = chunk.length >= 2 ? randint(rng, 1, chunk.length - 1) : 1;
      let first = new Segment();
      let second = new Segment();
      let label = 0;
      if (objective === 'nsp') {
        for (let j = 0; j < aEnd; j++) first.append(chunk[j]!);
        if (chunk.length === 1 || rng.next() < 0.5) {
          label = 1;
          const targetBLength = targetSeqLength - first.length;
          // Uniform over the other documents in one draw (callers guarantee at least two documents).
          let randomIndex = rng.int(documents.length - 1);
          if (randomIndex >= documentIndex) randomIndex++;
          const randomDocument = documents[randomIndex]!.sentences;
          for (let j = rng.int(randomDocument.length); j < randomDocument.length; j++) {
            second.append(randomDocument[j]!);
            if (second.length >= targetBLength) break;
          }
          // The chunk's sentences after A were not used: walk back so they start the next chunk.
          index -= chunk.length - aEnd;
        } else {
          for (let j = aEnd; j < chunk.length; j++) second.append(chunk[j]!);
        }
      } else if (chunk.length === 1) {
        const only = chunk[0]!;
        if (only.ids.length < 2) {
          chunk = [];
          currentLength = 0;
          index++;
          continue;
        }
        const cut = randint(rng, 1, only.ids.length - 1);
        first.appendSlice(only, 0, cut);
        second.appendSlice(only, cut, only.ids.length);
      } else {
        for (let j = 0; j < aEnd; j++) first.append(chunk[j]!);
        for (let j = aEnd; j < chunk.length; j++) second.append(chunk[j]!);
      }
      if (objective === 'sop' && rng.next() < 0.5) {
        label = 1;
        [first, second] = [second, first];
      }
      truncateSeqPair(first, second, maxNumTokens, rng);
      out.push({
        tokensA: first.toIds(),
        wordStartsA: first.toWordStarts(),
        tokensB: second.toIds(),
        wordStartsB: second.toWordStarts(),
        nextSentenceLabel: label,
      });
      chunk = [];
      currentLength = 0;
    }
    index++;
  }
}
