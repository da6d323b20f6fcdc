/** Renders any result card by its type; every card type of kernel/contracts/card.ts has a view here. */
import type { Card } from '../../bridge/contracts';
import { CodeCard, KvCard, ProgressCard, TextCard } from './TextCards';
import { FilesCard, ImageCard, ListCard, TableCard, type RunRequest } from './CollectionCards';
import { PlotCard } from './PlotCard';

function body(card: Card, onRun: RunRequest) {
  switch (card.type) {
    case 'text':
      return <TextCard card={card} />;
    case 'list':
      return <ListCard card={card} onRun={onRun} />;
    case 'table':
      return <TableCard card={card} />;
    case 'kv':
      return <KvCard card={card} />;
    case 'files':
      return <FilesCard card={card} />;
    case 'image':
      return <ImageCard card={card} />;
    case 'plot':
      return <PlotCard card={card} />;
    case 'progress':
      return <ProgressCard card={card} />;
    case 'code':
      return <CodeCard card={card} />;
  }
}

export function CardView({ card, onRun }: { card: Card; onRun: RunRequest }) {
  return (
    <section className={`result-card rc-${card.type}`} data-card-type={card.type} aria-label={card.title ?? `${card.type} result`}>
      {card.title && card.type !== 'progress' && <h3 className="card-title">{card.title}</h3>}
      {body(card, onRun)}
    </section>
  );
}
