import { formatInExchangeTime } from '@/lib/domain/exchangeTime';
import type { Instrument } from '@/lib/contracts/market';

const price = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

export function InstrumentTable({
  instruments,
  selected,
  onSelect,
}: {
  instruments: Instrument[];
  selected?: string;
  onSelect: (symbol: string, tf: string) => void;
}) {
  return (
    <table aria-label="Symbols">
      <thead>
        <tr>
          <th>Symbol</th>
          <th>Timeframe</th>
          <th>Candles</th>
          <th>Latest</th>
          <th>Open</th>
          <th>High</th>
          <th>Low</th>
          <th>Close</th>
          <th>Zone</th>
        </tr>
      </thead>
      <tbody>
        {instruments.flatMap((instrument) =>
          instrument.series.map((series) => (
            <tr
              key={`${instrument.symbol}-${series.tf}`}
              aria-selected={selected === `${instrument.symbol}/${series.tf}`}
            >
              <td>
                <button
                  className="secondary"
                  onClick={() => onSelect(instrument.symbol, series.tf)}
                >
                  {instrument.symbol}
                </button>
              </td>
              <td>{series.tf}</td>
              <td>{series.count.toLocaleString('en-US')}</td>
              <td>
                {formatInExchangeTime(
                  new Date(series.ts),
                  instrument.exchangeTz,
                  series.tf !== '1d',
                )}
              </td>
              <td>{price(series.o)}</td>
              <td>{price(series.h)}</td>
              <td>{price(series.l)}</td>
              <td>{price(series.c)}</td>
              <td className="muted">{instrument.exchangeTz}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
