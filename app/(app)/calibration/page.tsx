import { CalibrationReport } from '@/components/calibration/CalibrationReport';

export const metadata = { title: 'Calibration' };

export default function CalibrationPage() {
  return (
    <>
      <h1>Calibration</h1>
      <p className="muted">
        Is the model&apos;s confidence a probability? Per horizon: each confidence bucket&apos;s
        mean confidence against the share of its predictions that hit, with the ±5 % band; ECE,
        Brier and the Brier skill score against the base rate; and the isotonic map in use, with its
        versions and checksums.
      </p>
      <CalibrationReport />
    </>
  );
}
