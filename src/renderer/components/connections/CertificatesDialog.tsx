import { useCallback, useEffect, useState } from 'react';
import { RequestError } from '../../api/client';
import { listCertificates, trustCertificate } from '../../store/connectionActions';
import { Modal } from '../Modal';

type Certificate = Awaited<ReturnType<typeof listCertificates>>['certificates'][number];

/** The OPC UA server certificates this console has met: trust or reject each. */
export function CertificatesDialog({ onClose }: { onClose: () => void }) {
  const [certificates, setCertificates] = useState<Certificate[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(() => {
    listCertificates()
      .then((r) => setCertificates(r.certificates))
      .catch((error: unknown) => setProblem(error instanceof RequestError ? error.message : String(error)));
  }, []);
  useEffect(refresh, [refresh]);

  const decide = async (file: string, trusted: boolean) => {
    try {
      await trustCertificate(file, trusted);
      setProblem(null);
      refresh();
    } catch (error) {
      setProblem(error instanceof RequestError ? error.message : String(error));
    }
  };

  return (
    <Modal title="OPC UA server certificates" testId="certificates-dialog" onClose={onClose} wide>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {certificates === null ? (
        <p className="modal-note">Loading…</p>
      ) : certificates.length === 0 ? (
        <p className="modal-note">
          No server certificate yet: one appears here after the first connection attempt.
        </p>
      ) : (
        <table className="dock-table" data-testid="certificate-table">
          <thead>
            <tr>
              <th>Certificate</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={c.file} data-testid="certificate-row" data-status={c.status}>
                <td>{c.file}</td>
                <td className={c.status === 'rejected' ? 'field-bad' : undefined}>
                  {c.status.toUpperCase()}
                </td>
                <td>
                  {c.status === 'rejected' ? (
                    <button
                      type="button"
                      className="toolbar-button"
                      onClick={() => void decide(c.file, true)}
                    >
                      Trust
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="toolbar-button"
                      onClick={() => void decide(c.file, false)}
                    >
                      Reject
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
