import type { Contact } from '../api/types';
import { Avatar } from '../components/Avatar';
import { dateTime, formatPhone, fullName, statusLabel } from '../lib/format';
import { ConsentHistory } from './ConsentHistory';
import { StatusBadge, Tags } from './StatusBadge';

function money(n?: number | null): string {
  return typeof n === 'number' ? `$${n.toLocaleString()}` : '';
}

export function ContactDetail({ contact, refreshKey, onEdit, onDelete, onOpenConversation }: {
  contact: Contact; refreshKey: number; onEdit: () => void; onDelete: () => void; onOpenConversation: () => void;
}) {
  const i = contact.interests ?? {};
  const wants = [i.buying ? 'Buying' : '', i.selling ? 'Selling' : ''].filter(Boolean).join(' & ');
  const price = i.priceRange && (i.priceRange.min != null || i.priceRange.max != null)
    ? `${money(i.priceRange.min) || 'any'} – ${money(i.priceRange.max) || 'any'}` : '';
  const opted = !!contact.preferences?.smsOptIn;
  return (
    <div className="detail">
      <div className="detail-head">
        <Avatar name={fullName(contact)} optedIn={opted} size={56} />
        <div>
          <p className="detail-name">{fullName(contact)}</p>
          <p className="muted">{formatPhone(contact.phone)}{contact.email ? ` · ${contact.email}` : ''}</p>
          <p><StatusBadge status={contact.status} /> <Tags tags={contact.tags} /></p>
        </div>
      </div>
      <div className="detail-actions">
        <button type="button" className="btn primary" onClick={onOpenConversation}>Open conversation</button>
        <button type="button" className="btn" onClick={onEdit}>Edit</button>
        <button type="button" className="btn danger-outline" onClick={onDelete}>Delete</button>
      </div>
      <dl className="facts">
        {wants && <div><dt>Interested in</dt><dd>{wants}</dd></div>}
        {(i.propertyTypes ?? []).length > 0 && <div><dt>Property types</dt><dd>{i.propertyTypes!.join(', ')}</dd></div>}
        {(i.locations ?? []).length > 0 && <div><dt>Locations</dt><dd>{i.locations!.join(', ')}</dd></div>}
        {price && <div><dt>Price range</dt><dd>{price}</dd></div>}
        {i.timeframe && <div><dt>Timeframe</dt><dd>{statusLabel(i.timeframe)}</dd></div>}
        {contact.address && Object.values(contact.address).some(Boolean) && (
          <div><dt>Address</dt><dd>{[contact.address.street, contact.address.city, [contact.address.state, contact.address.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</dd></div>
        )}
        {contact.source && <div><dt>Source</dt><dd>{contact.source}</dd></div>}
        {contact.lastContactDate && <div><dt>Last contact</dt><dd>{dateTime(contact.lastContactDate)}{contact.lastContactMethod ? ` (${contact.lastContactMethod})` : ''}</dd></div>}
        {contact.createdAt && <div><dt>Added</dt><dd>{dateTime(contact.createdAt)}</dd></div>}
      </dl>
      {contact.notes && (
        <section>
          <h3>Notes</h3>
          <p className="notes">{contact.notes}</p>
        </section>
      )}
      <section>
        <h3>Text consent history</h3>
        <ConsentHistory phone={contact.phone} refreshKey={refreshKey} />
      </section>
    </div>
  );
}
