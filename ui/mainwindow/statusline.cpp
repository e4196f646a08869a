#include "mainwindow/statusline.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

namespace racescope::ui {

StatusLine::StatusLine(QStatusBar* bar)
    : QObject(bar), m_step(new QLabel(bar)), m_rate(new QLabel(bar)), m_status(new QLabel(bar))
{
    m_step->setObjectName(QStringLiteral("statusStep"));
    m_rate->setObjectName(QStringLiteral("statusRate"));
    m_status->setObjectName(QStringLiteral("statusRun"));
    m_step->setToolTip(tr("Steps taken since the scenario was loaded"));
    m_rate->setToolTip(tr("Simulation speed over the last second"));
    m_status->setToolTip(tr("Running, paused, or how the run ended"));
    m_step->setMinimumWidth(110);
    m_rate->setMinimumWidth(130);
    bar->addPermanentWidget(m_step);
    bar->addPermanentWidget(m_rate);
    bar->addPermanentWidget(m_status);
    renderStatus();
}

QString StatusLine::statusText() const { return m_status->text(); }
QString StatusLine::stepText() const { return m_step->text(); }

void StatusLine::showFrame(const SimFrame& frame)
{
    if (!frame.snapshot)
        return;
    m_loaded = true;
    const QLocale locale = QLocale::system();
    m_step->setText(tr("step %1").arg(locale.toString(qulonglong(frame.snapshot->step))));
    m_rate->setText(tr("%1 steps/s").arg(locale.toString(qlonglong(frame.stepsPerSecond + 0.5))));
    m_runStatus = frame.snapshot->status;
    renderStatus();
}

void StatusLine::setRunning(bool running)
{
    m_running = running;
    renderStatus();
}

void StatusLine::renderStatus()
{
    QString text;
    QString style;
    switch (m_runStatus) {
    case RunStatus::Running:
        text = !m_loaded ? tr("no scenario") : m_running ? tr("running") : tr("paused");
        break;
    case RunStatus::Oopsed:
        text = tr(" OOPS ");
        style = QStringLiteral("background:#c62828;color:white;font-weight:bold;padding:0 6px;");
        break;
    case RunStatus::Finished:
        text = tr("finished");
        style = QStringLiteral("background:#2e7d32;color:white;padding:0 6px;");
        break;
    case RunStatus::Deadlock:
        text = tr("deadlock");
        style = QStringLiteral("background:#ef6c00;color:white;font-weight:bold;padding:0 6px;");
        break;
    }
    m_status->setText(text);
    m_status->setStyleSheet(style);
}

} // namespace racescope::ui
