/**
 * Scanning a QR pass with the booth's camera, where the browser has a BarcodeDetector
 * (Chromium on Android/ChromeOS/macOS; booth PCs often use a handheld reader instead, which
 * types into the check-in box like a keyboard). Hidden when unsupported.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorCtor | null {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null;
}

export function QrCameraButton({ onScan }: { onScan(text: string): void }) {
  const { t } = useI18n();
  const [active, setActive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const Detector = detectorClass();

  useEffect(() => {
    if (!active || !Detector) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    const run = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!video.current || stopped) return;
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const found = await detector.detect(video.current);
          if (found[0]?.rawValue) {
            onScan(found[0].rawValue);
            setActive(false);
            return;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
        setActive(false);
      }
    };
    void run();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [active, Detector, onScan]);

  if (!Detector) return null;
  return (
    <div className="qr-camera">
      <button type="button" className="btn btn-secondary" onClick={() => setActive((v) => !v)} aria-pressed={active}>
        {active ? t('checkIn.camera.stop') : t('checkIn.camera.start')}
      </button>
      {active ? <video ref={video} className="qr-video" muted playsInline /> : null}
      {error ? <p className="form-error">{t('checkIn.camera.failed')}: {error}</p> : null}
    </div>
  );
}
