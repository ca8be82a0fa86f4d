package io.lightvibes.service.evidence;

import java.util.List;
import java.util.Optional;

/**
 * {@code lightvibes evidence verify}: reads a whole log from a source and audits it offline
 * ({@link EvidenceAudit}), checkpoints first so that the entries read afterwards cover them all.
 */
public final class EvidenceVerifier {

    private EvidenceVerifier() {}

    /**
     * The audit of the log {@code source} holds.
     *
     * @param trustedKeys verifier keys the auditor pinned ({@code --trusted-key}, repeatable)
     * @param sinceCheckpoint a checkpoint note the auditor saved earlier ({@code --since})
     * @throws EvidenceSourceException if the log cannot be read (neither a pass nor a fail)
     * @throws MalformedEvidenceException if a trusted key is malformed
     */
    public static AuditReport verify(EvidenceSource source, List<String> trustedKeys, Optional<String> sinceCheckpoint) {
        trustedKeys.forEach(NoteVerifier::parse); // the auditor's own input, refused before any read
        List<String> checkpoints = source.checkpoints();
        return EvidenceAudit.audit(source.entries(), checkpoints, trustedKeys, sinceCheckpoint);
    }
}
