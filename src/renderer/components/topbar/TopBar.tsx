import './topbar.css';
import { UserMenu } from '../auth/UserMenu';
import { ClockControls } from './ClockControls';
import { ConnectionIndicator } from './ConnectionIndicator';
import { DisplayNav } from './DisplayNav';
import { DockButtons } from './DockButtons';
import { NetworkSummary } from './NetworkSummary';
import { OpenNetworkButton } from './OpenNetworkButton';
import { PrefsButtons } from './PrefsButtons';
import { SimClock } from './SimClock';

export function TopBar() {
  return (
    <header className="top-bar">
      <div className="top-bar-group">
        <span className="product-name">Aqueduct</span>
        <NetworkSummary />
      </div>
      <div className="top-bar-group">
        <SimClock />
        <ClockControls />
      </div>
      <div className="top-bar-group top-bar-displays">
        <DisplayNav />
        <PrefsButtons />
      </div>
      <div className="top-bar-group">
        <DockButtons />
        <ConnectionIndicator />
        <OpenNetworkButton />
        <UserMenu />
      </div>
    </header>
  );
}
