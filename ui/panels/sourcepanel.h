#pragma once
// Our pseudo-C of fsnotify, fsnotify_put_group, synchronize_srcu and their helpers, each
// task's current line marked in the task's colour, and the seed's fsnotify disassembly with
// the instruction each fsnotify task's RIP points at. The faulting line of an oops is red.

#include "panels/sourcelisting.h"
#include "sim/simframe.h"

#include <QWidget>

class QTextBrowser;

namespace racescope::ui {

class SourcePanel : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(QWidget* parent = nullptr);

    const SourceListing& listing() const { return m_listing; }

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);

private:
    void render();

    SourceListing m_listing;
    std::vector<QString> m_taskNames;
    // What is shown: re-rendering only when it changed keeps the scroll and selection still.
    QString m_html;
    QString m_disassemblyHtml;
    QTextBrowser* m_source = nullptr;
    QTextBrowser* m_disassembly = nullptr;
};

} // namespace racescope::ui
