#include "lanes/cpulanesview.h"

#include "lanes/laneslayer.h"
#include "lanes/lanetooltip.h"
#include "paint/plotbuffers.h"

#include <QHelpEvent>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace racescope::ui {

namespace {
constexpr double kInitialSpan = 400; // steps visible after a reset
constexpr double kZoomStep = 1.5;
constexpr double kPanStep = 0.25;
constexpr double kLead = 0.05; // room right of the playhead while following

QString legendHtml()
{
    auto swatch = [](const char* colour, const char* text, const char* extra = "") {
        return QStringLiteral("<span style='background:%1;%3'>&nbsp;&nbsp;&nbsp;</span>&nbsp;%2&nbsp;&nbsp; ")
            .arg(QLatin1String(colour), QLatin1String(text), QLatin1String(extra));
    };
    return swatch("#2f6fc8", "read section idx 0") + swatch("#e07b24", "idx 1") +
           swatch("#ffffff", "asleep (hatched; coloured if inside a section)", "border:1px solid #909090") +
           swatch("#4a8a3a", "synchronize_srcu step 1..10") + swatch("#d8ccef", "grace period") +
           swatch("#8e44ad", "evict") + swatch("#602020", "kfree") + swatch("#d01010", "oops");
}
} // namespace

CpuLanesView::CpuLanesView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* legend = new QLabel(legendHtml(), this);
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    layout->addWidget(legend);
    layout->addWidget(m_plot, 1);

    m_plot->setNoAntialiasingOnDrag(true);
    cheapenRepaint(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->xAxis->setLabel(QStringLiteral("step"));
    m_plot->yAxis->setRangeReversed(true); // CPU 0 on top
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->xAxis->setRange(0, kInitialSpan);
    m_layer = new LanesLayer(m_plot, m_plot->axisRect(), m_store);
    setLanes(1);
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &CpuLanesView::userRangeChanged);
    m_plot->installEventFilter(this);
}

double CpuLanesView::lastDrawMs() const { return m_layer->lastDrawMs(); }

LaneGeometry CpuLanesView::geometry() const
{
    const QCPAxisRect* r = m_plot->axisRect();
    return {m_plot->xAxis->range().lower, m_plot->xAxis->range().upper, static_cast<double>(r->left()),
            static_cast<double>(std::max(1, r->width()))};
}

void CpuLanesView::setLanes(int lanes)
{
    if (lanes == m_lanes)
        return;
    m_lanes = lanes;
    m_layer->setLanes(lanes);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    ticker->clear();
    const int every = std::max(1, lanes / 16); // label at most ~16 lanes, or they overlap
    for (int i = 0; i < lanes; i += every)
        ticker->addTick(i + 0.5, QStringLiteral("CPU %1").arg(i));
    m_plot->yAxis->setRange(0, lanes);
}

void CpuLanesView::showFrame(const SimFrame& frame)
{
    if (frame.reset) {
        m_store.clear();
        m_follow = true;
        // A step back keeps the zoom: following then brings the playhead into view.
        if (!frame.rewound) {
            LaneGeometry g = geometry();
            g.first = 0;
            g.last = kInitialSpan;
            setGeometry(g);
        }
    }
    m_store.add(frame.timeline);
    if (frame.snapshot) {
        m_snapshot = frame.snapshot;
        setLanes(static_cast<int>(std::max<size_t>(1, frame.snapshot->cpus.size())));
    }
    if (m_follow) {
        LaneGeometry g = geometry();
        const double s = g.span(), now = static_cast<double>(m_store.step());
        g.last = std::max(s, now + s * kLead);
        g.first = g.last - s;
        setGeometry(g);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CpuLanesView::setGeometry(const LaneGeometry& g)
{
    m_settingRange = true;
    m_plot->xAxis->setRange(g.first, g.last);
    m_settingRange = false;
}

void CpuLanesView::userRangeChanged(const QCPRange& range)
{
    if (m_settingRange)
        return;
    // Wheel and drag land here too: keep the range inside history, and follow the playhead
    // again once the user brings it back into view at the right edge.
    const double now = static_cast<double>(m_store.step());
    LaneGeometry g = geometry();
    g.first = range.lower;
    g.last = std::max(range.lower + LaneGeometry::kMinSpan, range.upper);
    g = g.clamped(now + g.span() * kLead);
    m_follow = g.last >= now;
    setGeometry(g);
}

void CpuLanesView::zoomIn()
{
    const LaneGeometry g = geometry();
    const double anchor = m_follow ? static_cast<double>(m_store.step()) : (g.first + g.last) / 2;
    userRangeChanged(QCPRange(g.zoomed(kZoomStep, anchor).first, g.zoomed(kZoomStep, anchor).last));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CpuLanesView::zoomOut()
{
    const LaneGeometry g = geometry();
    const double anchor = m_follow ? static_cast<double>(m_store.step()) : (g.first + g.last) / 2;
    const LaneGeometry z = g.zoomed(1 / kZoomStep, anchor);
    userRangeChanged(QCPRange(z.first, z.last));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CpuLanesView::showStep(quint64 step)
{
    const LaneGeometry g = geometry();
    const double half = (g.last - g.first) / 2;
    userRangeChanged(QCPRange(static_cast<double>(step) - half, static_cast<double>(step) + half));
}

void CpuLanesView::panLeft()
{
    const LaneGeometry p = geometry().panned(-kPanStep);
    userRangeChanged(QCPRange(p.first, p.last));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CpuLanesView::panRight()
{
    const LaneGeometry p = geometry().panned(kPanStep);
    userRangeChanged(QCPRange(p.first, p.last));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool CpuLanesView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const double lane = m_plot->yAxis->pixelToCoord(help->pos().y());
        const double step = m_plot->xAxis->pixelToCoord(help->pos().x());
        const double slack = 4 * geometry().span() / geometry().width; // four pixels
        QString text;
        if (lane >= 0 && lane < m_lanes)
            text = laneToolTip(m_store, m_snapshot.get(), static_cast<int>(lane), step, lane - std::floor(lane),
                               std::max(0.5, slack));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, m_plot);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace racescope::ui
